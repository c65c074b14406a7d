;; The RNN's hot loops in WebAssembly with 128-bit SIMD (f64x2): a training
;; sample forward and back, the derived weight tables, the SGD step, and the
;; whole all-pairs evaluation. `npm run build:wasm` assembles this file into
;; rnn-wasm.ts; a test checks that the two agree.
;;
;; Every number is computed with the operations of the JS code it replaces
;; (bptt.ts, kernels.ts, activation.ts, optimizers.ts, all-pairs.ts), in the same order:
;; SIMD runs across columns j, each column's sum keeps its own order, and
;; there is no fused multiply-add. Results are bit-identical to the JS path.
;;
;; All pointers are byte offsets into the imported memory; the JS side lays
;; the buffers out and hands their offsets to `bind`. Matrices are row-major
;; f64, H×H for V; vectors of H hidden units are "rows" of H·8 bytes.

(module
  (import "e" "m" (memory 0))
  ;; Math.exp, for the arguments where the result is subnormal, infinite or NaN.
  (import "e" "exp" (func $mathExp (param f64) (result f64)))
  (import "e" "tanh" (func $mathTanh (param f64) (result f64)))

  ;; The network, set by bind.
  (global $H (mut i32) (i32.const 0))      ;; hidden units
  (global $row (mut i32) (i32.const 0))    ;; H·8, the bytes of one hidden vector
  (global $L (mut i32) (i32.const 0))      ;; bits = time steps
  (global $tanh (mut i32) (i32.const 0))   ;; 1: tanh hidden units, 0: sigmoid
  (global $bias (mut i32) (i32.const 0))   ;; 1: b_h and b_o are there
  (global $U (mut i32) (i32.const 0))      ;; 2×H
  (global $V (mut i32) (i32.const 0))      ;; H×H
  (global $W (mut i32) (i32.const 0))      ;; H×1
  (global $bh (mut i32) (i32.const 0))     ;; 1×H
  (global $bo (mut i32) (i32.const 0))     ;; 1×1
  (global $grads (mut i32) (i32.const 0))  ;; 1: the gradient buffers below are there
  (global $gU (mut i32) (i32.const 0))
  (global $gV (mut i32) (i32.const 0))
  (global $gW (mut i32) (i32.const 0))
  (global $gbh (mut i32) (i32.const 0))
  (global $gbo (mut i32) (i32.const 0))
  (global $h (mut i32) (i32.const 0))      ;; (L+1)×H hidden states, row 0 = h_{-1} = 0
  (global $o (mut i32) (i32.const 0))      ;; L outputs
  (global $xU (mut i32) (i32.const 0))     ;; 4×H: x·U for x = [0,0], [0,1], [1,0], [1,1]
  (global $VT (mut i32) (i32.const 0))     ;; H×H: Vᵀ
  (global $dHraw (mut i32) (i32.const 0))  ;; L×H
  (global $future (mut i32) (i32.const 0)) ;; 1×H
  ;; The pair of the latest forward pass.
  (global $pa (mut i32) (i32.const 0))
  (global $pb (mut i32) (i32.const 0))

  ;; The start of memory is the module's own: the table 2^(j/256) for j = 0 … 255
  ;; at 0 (2048 bytes, written by the host), then the vector constants of
  ;; $sigmoidRow and the backward pass from 2048 (160 bytes), written here.
  (func (export "init")
    (v128.store offset=2048 (i32.const 0) (v128.const f64x2 369.3299304675746 369.3299304675746)) ;; 256/ln2
    (v128.store offset=2064 (i32.const 0) (v128.const f64x2 6755399441055744 6755399441055744)) ;; 1.5·2^52
    (v128.store offset=2080 (i32.const 0) (v128.const f64x2 0.00270760617331689 0.00270760617331689)) ;; ln2/256, high part
    (v128.store offset=2096 (i32.const 0) (v128.const f64x2 7.453964567463233e-13 7.453964567463233e-13)) ;; ln2/256, low part
    (v128.store offset=2112 (i32.const 0) (v128.const f64x2 0.5 0.5))
    (v128.store offset=2128 (i32.const 0) (v128.const f64x2 0.16666666666666666 0.16666666666666666)) ;; 1/6
    (v128.store offset=2144 (i32.const 0) (v128.const f64x2 0.041666666666666664 0.041666666666666664)) ;; 1/24
    (v128.store offset=2160 (i32.const 0) (v128.const i64x2 0x4337fffffffc0100 0x4337fffffffc0100)) ;; bits of 1.5·2^52 − 1023·256
    (v128.store offset=2176 (i32.const 0) (v128.const f64x2 1 1))
    (v128.store offset=2192 (i32.const 0) (v128.const f64x2 708.5 708.5)))

  (func (export "bind")
    (param $H i32) (param $L i32) (param $tanh i32) (param $bias i32)
    (param $U i32) (param $V i32) (param $W i32) (param $bh i32) (param $bo i32)
    (param $grads i32) (param $gU i32) (param $gV i32) (param $gW i32) (param $gbh i32) (param $gbo i32)
    (param $h i32) (param $o i32) (param $xU i32) (param $VT i32) (param $dHraw i32) (param $future i32)
    (global.set $H (local.get $H))
    (global.set $row (i32.mul (local.get $H) (i32.const 8)))
    (global.set $L (local.get $L))
    (global.set $tanh (local.get $tanh))
    (global.set $bias (local.get $bias))
    (global.set $U (local.get $U))
    (global.set $V (local.get $V))
    (global.set $W (local.get $W))
    (global.set $bh (local.get $bh))
    (global.set $bo (local.get $bo))
    (global.set $grads (local.get $grads))
    (global.set $gU (local.get $gU))
    (global.set $gV (local.get $gV))
    (global.set $gW (local.get $gW))
    (global.set $gbh (local.get $gbh))
    (global.set $gbo (local.get $gbo))
    (global.set $h (local.get $h))
    (global.set $o (local.get $o))
    (global.set $xU (local.get $xU))
    (global.set $VT (local.get $VT))
    (global.set $dHraw (local.get $dHraw))
    (global.set $future (local.get $future)))

  ;; e^x as activation.ts computes it (Tang's table-driven method), where
  ;; 2^m is built from its bits instead of read from a table: the same value.
  (func $exp (param $x f64) (result f64)
    (local $n f64) (local $r f64) (local $r2 f64) (local $e f64) (local $ni i32) (local $f f64)
    (if (i32.eqz (i32.and (f64.gt (local.get $x) (f64.const -708)) (f64.lt (local.get $x) (f64.const 709))))
      (then (return (call $mathExp (local.get $x)))))
    ;; x·256/ln2 rounded to the nearest integer by adding and subtracting 1.5·2^52
    (local.set $n
      (f64.sub
        (f64.add (f64.mul (local.get $x) (f64.const 369.3299304675746)) (f64.const 6755399441055744))
        (f64.const 6755399441055744)))
    (local.set $r
      (f64.sub
        (f64.sub (local.get $x) (f64.mul (local.get $n) (f64.const 0.00270760617331689)))
        (f64.mul (local.get $n) (f64.const 7.453964567463233e-13))))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    ;; e^r − 1 = r + r²·(1/2 + r/6 + r²/24)
    (local.set $e
      (f64.add (local.get $r)
        (f64.mul (local.get $r2)
          (f64.add
            (f64.add (f64.const 0.5) (f64.mul (local.get $r) (f64.const 0.16666666666666666)))
            (f64.mul (local.get $r2) (f64.const 0.041666666666666664))))))
    (local.set $ni (i32.trunc_f64_s (local.get $n)))
    (local.set $f
      (f64.load (i32.shl (i32.and (local.get $ni) (i32.const 255)) (i32.const 3))))
    ;; 2^(ni >> 8), a normal number for every x in range
    (f64.mul
      (f64.reinterpret_i64
        (i64.shl (i64.extend_i32_s (i32.add (i32.shr_s (local.get $ni) (i32.const 8)) (i32.const 1023))) (i64.const 52)))
      (f64.add (local.get $f) (f64.mul (local.get $f) (local.get $e)))))

  (func $sigmoid (param $z f64) (result f64)
    (f64.div (f64.const 1) (f64.add (f64.const 1) (call $exp (f64.neg (local.get $z))))))

  ;; v[i] = sigmoid(v[i]) for the n numbers at p, two at a time: each lane goes
  ;; through the operations of $exp, so it equals $sigmoid of it. The vector
  ;; constants are read from memory (see init): written inline, V8 rebuilds each
  ;; one on every use.
  (func $sigmoidRow (param $p i32) (param $n i32)
    (local $end i32) (local $x v128) (local $y v128) (local $k v128) (local $r v128) (local $r2 v128) (local $e v128) (local $f v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $x (f64x2.neg (v128.load (local.get $p))))
        ;; both lanes in (−708, 709), i.e. |x − 0.5| < 708.5 (exact there; false for NaN)
        (if (i32.eq (i32.const 3)
              (i64x2.bitmask
                (f64x2.lt
                  (f64x2.abs (f64x2.sub (local.get $x) (v128.load offset=2112 (i32.const 0))))
                  (v128.load offset=2192 (i32.const 0)))))
          (then
            ;; y = x·256/ln2 + 1.5·2^52; k = y − 1.5·2^52 is x·256/ln2 rounded, and y's low bits hold k as an integer
            (local.set $y
              (f64x2.add
                (f64x2.mul (local.get $x) (v128.load offset=2048 (i32.const 0)))
                (v128.load offset=2064 (i32.const 0))))
            (local.set $k (f64x2.sub (local.get $y) (v128.load offset=2064 (i32.const 0))))
            (local.set $r
              (f64x2.sub
                (f64x2.sub (local.get $x) (f64x2.mul (local.get $k) (v128.load offset=2080 (i32.const 0))))
                (f64x2.mul (local.get $k) (v128.load offset=2096 (i32.const 0)))))
            (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
            (local.set $e
              (f64x2.add (local.get $r)
                (f64x2.mul (local.get $r2)
                  (f64x2.add
                    (f64x2.add (v128.load offset=2112 (i32.const 0)) (f64x2.mul (local.get $r) (v128.load offset=2128 (i32.const 0))))
                    (f64x2.mul (local.get $r2) (v128.load offset=2144 (i32.const 0)))))))
            ;; 2^(j/256) for j = k mod 256, the low byte of y
            (local.set $f
              (v128.load64_lane 1
                (i32.shl (i32.and (i32x4.extract_lane 2 (local.get $y)) (i32.const 255)) (i32.const 3))
                (v128.load64_splat (i32.shl (i32.and (i32x4.extract_lane 0 (local.get $y)) (i32.const 255)) (i32.const 3)))))
            ;; 2^(k >> 8) from its bits: ((k + 1023·256) >> 8) << 52, with k + 1023·256 > 0 so the shift can be unsigned
            (local.set $e
              (f64x2.mul
                (i64x2.shl
                  (i64x2.shr_u (i64x2.sub (local.get $y) (v128.load offset=2160 (i32.const 0))) (i32.const 8))
                  (i32.const 52))
                (f64x2.add (local.get $f) (f64x2.mul (local.get $f) (local.get $e))))))
          (else
            (local.set $e
              (f64x2.replace_lane 1
                (f64x2.splat (call $exp (f64x2.extract_lane 0 (local.get $x))))
                (call $exp (f64x2.extract_lane 1 (local.get $x)))))))
        (v128.store (local.get $p)
          (f64x2.div (v128.load offset=2176 (i32.const 0)) (f64x2.add (v128.load offset=2176 (i32.const 0)) (local.get $e))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $p) (local.get $end))
      (then (f64.store (local.get $p) (call $sigmoid (f64.load (local.get $p)))))))

  ;; The hidden activation f of the n numbers at p, in place.
  (func $activateRow (param $p i32) (param $n i32)
    (if (global.get $tanh)
      (then
        (if (local.get $n)
          (then
            (loop $each
              (f64.store (local.get $p) (call $mathTanh (f64.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $each (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))))
      (else (call $sigmoidRow (local.get $p) (local.get $n)))))

  ;; out[j] = a[j] + b[j] (+ b_h[j] with biases) for j < H: the pre-activation of a hidden vector.
  (func $preActivation (param $a i32) (param $b i32) (param $out i32)
    (local $j i32) (local $row i32)
    (local.set $row (global.get $row))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $row)))
        (v128.store (i32.add (local.get $out) (local.get $j))
          (if (result v128) (global.get $bias)
            (then
              (f64x2.add
                (f64x2.add (v128.load (i32.add (local.get $a) (local.get $j))) (v128.load (i32.add (local.get $b) (local.get $j))))
                (v128.load (i32.add (global.get $bh) (local.get $j)))))
            (else
              (f64x2.add (v128.load (i32.add (local.get $a) (local.get $j))) (v128.load (i32.add (local.get $b) (local.get $j)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $j) (local.get $row))
      (then
        (f64.store (i32.add (local.get $out) (local.get $j))
          (if (result f64) (global.get $bias)
            (then
              (f64.add
                (f64.add (f64.load (i32.add (local.get $a) (local.get $j))) (f64.load (i32.add (local.get $b) (local.get $j))))
                (f64.load (i32.add (global.get $bh) (local.get $j)))))
            (else
              (f64.add (f64.load (i32.add (local.get $a) (local.get $j))) (f64.load (i32.add (local.get $b) (local.get $j))))))))))

  ;; h·W for the hidden vector at h, summed over j ascending from 0, plus b_o with biases.
  (func $output (param $h i32) (result f64)
    (local $j i32) (local $z f64)
    (loop $unit
      (local.set $z
        (f64.add (local.get $z) (f64.mul (f64.load (i32.add (local.get $h) (local.get $j))) (f64.load (i32.add (global.get $W) (local.get $j))))))
      (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (global.get $row))))
    (if (result f64) (global.get $bias)
      (then (f64.add (local.get $z) (f64.load (global.get $bo))))
      (else (local.get $z))))

  ;; out[j] = (acc ? out[j] : 0) + Σ_i x[i·xs]·R[i·rs + j], i ascending from 0, j < cols;
  ;; pointers and steps in bytes (steps may be negative), cnt ≥ 1.
  ;; Columns go in blocks of 16, then 4, then 2, then one; each keeps its sum's order.
  (func $rows
    (param $x i32) (param $xs i32) (param $r0 i32) (param $rs i32) (param $cnt i32) (param $cols i32)
    (param $out i32) (param $acc i32)
    (local $j i32) (local $jend i32) (local $xp i32) (local $r i32) (local $i i32) (local $op i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128) (local $xk v128)
    (local $s f64)
    (local.set $jend (i32.mul (local.get $cols) (i32.const 8)))
    ;; 16 columns: eight accumulators, enough to hide the latency of the additions
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 128)) (local.get $jend)))
        (local.set $op (i32.add (local.get $out) (local.get $j)))
        (if (local.get $acc)
          (then
            (local.set $a0 (v128.load offset=0 (local.get $op)))
            (local.set $a1 (v128.load offset=16 (local.get $op)))
            (local.set $a2 (v128.load offset=32 (local.get $op)))
            (local.set $a3 (v128.load offset=48 (local.get $op)))
            (local.set $a4 (v128.load offset=64 (local.get $op)))
            (local.set $a5 (v128.load offset=80 (local.get $op)))
            (local.set $a6 (v128.load offset=96 (local.get $op)))
            (local.set $a7 (v128.load offset=112 (local.get $op))))
          (else
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $a2 (v128.const f64x2 0 0))
            (local.set $a3 (v128.const f64x2 0 0))
            (local.set $a4 (v128.const f64x2 0 0))
            (local.set $a5 (v128.const f64x2 0 0))
            (local.set $a6 (v128.const f64x2 0 0))
            (local.set $a7 (v128.const f64x2 0 0))))
        (local.set $r (i32.add (local.get $r0) (local.get $j)))
        (local.set $xp (local.get $x))
        (local.set $i (local.get $cnt))
        (loop $k
          (local.set $xk (v128.load64_splat (local.get $xp)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $xk) (v128.load offset=0 (local.get $r)))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $xk) (v128.load offset=16 (local.get $r)))))
          (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $xk) (v128.load offset=32 (local.get $r)))))
          (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $xk) (v128.load offset=48 (local.get $r)))))
          (local.set $a4 (f64x2.add (local.get $a4) (f64x2.mul (local.get $xk) (v128.load offset=64 (local.get $r)))))
          (local.set $a5 (f64x2.add (local.get $a5) (f64x2.mul (local.get $xk) (v128.load offset=80 (local.get $r)))))
          (local.set $a6 (f64x2.add (local.get $a6) (f64x2.mul (local.get $xk) (v128.load offset=96 (local.get $r)))))
          (local.set $a7 (f64x2.add (local.get $a7) (f64x2.mul (local.get $xk) (v128.load offset=112 (local.get $r)))))
          (local.set $r (i32.add (local.get $r) (local.get $rs)))
          (local.set $xp (i32.add (local.get $xp) (local.get $xs)))
          (br_if $k (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (v128.store offset=0 (local.get $op) (local.get $a0))
        (v128.store offset=16 (local.get $op) (local.get $a1))
        (v128.store offset=32 (local.get $op) (local.get $a2))
        (v128.store offset=48 (local.get $op) (local.get $a3))
        (v128.store offset=64 (local.get $op) (local.get $a4))
        (v128.store offset=80 (local.get $op) (local.get $a5))
        (v128.store offset=96 (local.get $op) (local.get $a6))
        (v128.store offset=112 (local.get $op) (local.get $a7))
        (local.set $j (i32.add (local.get $j) (i32.const 128)))
        (br $next)))
    ;; 4 columns
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 32)) (local.get $jend)))
        (local.set $op (i32.add (local.get $out) (local.get $j)))
        (if (local.get $acc)
          (then
            (local.set $a0 (v128.load offset=0 (local.get $op)))
            (local.set $a1 (v128.load offset=16 (local.get $op))))
          (else
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))))
        (local.set $r (i32.add (local.get $r0) (local.get $j)))
        (local.set $xp (local.get $x))
        (local.set $i (local.get $cnt))
        (loop $k
          (local.set $xk (v128.load64_splat (local.get $xp)))
          (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $xk) (v128.load offset=0 (local.get $r)))))
          (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $xk) (v128.load offset=16 (local.get $r)))))
          (local.set $r (i32.add (local.get $r) (local.get $rs)))
          (local.set $xp (i32.add (local.get $xp) (local.get $xs)))
          (br_if $k (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (v128.store offset=0 (local.get $op) (local.get $a0))
        (v128.store offset=16 (local.get $op) (local.get $a1))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $next)))
    ;; 2 columns
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $jend)))
        (local.set $op (i32.add (local.get $out) (local.get $j)))
        (local.set $a0
          (if (result v128) (local.get $acc)
            (then (v128.load (local.get $op)))
            (else (v128.const f64x2 0 0))))
        (local.set $r (i32.add (local.get $r0) (local.get $j)))
        (local.set $xp (local.get $x))
        (local.set $i (local.get $cnt))
        (loop $k
          (local.set $a0
            (f64x2.add (local.get $a0) (f64x2.mul (v128.load64_splat (local.get $xp)) (v128.load (local.get $r)))))
          (local.set $r (i32.add (local.get $r) (local.get $rs)))
          (local.set $xp (i32.add (local.get $xp) (local.get $xs)))
          (br_if $k (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (v128.store (local.get $op) (local.get $a0))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $next)))
    ;; the last column when cols is odd
    (if (i32.lt_u (local.get $j) (local.get $jend))
      (then
        (local.set $op (i32.add (local.get $out) (local.get $j)))
        (local.set $s
          (if (result f64) (local.get $acc)
            (then (f64.load (local.get $op)))
            (else (f64.const 0))))
        (local.set $r (i32.add (local.get $r0) (local.get $j)))
        (local.set $xp (local.get $x))
        (local.set $i (local.get $cnt))
        (loop $k
          (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $xp)) (f64.load (local.get $r)))))
          (local.set $r (i32.add (local.get $r) (local.get $rs)))
          (local.set $xp (i32.add (local.get $xp) (local.get $xs)))
          (br_if $k (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
        (f64.store (local.get $op) (local.get $s)))))

  ;; out = x·M for a row vector x of n and an n×n matrix M (kernels.ts vecMat).
  (func $vecMat (export "vecMat") (param $x i32) (param $M i32) (param $n i32) (param $out i32)
    (call $rows (local.get $x) (i32.const 8) (local.get $M) (i32.mul (local.get $n) (i32.const 8))
      (local.get $n) (local.get $n) (local.get $out) (i32.const 0)))

  ;; M[k·n + j] += Σ_t A[t·n + k]·B[t·n + j], t from last down to first ≤ last (kernels.ts addOuterProducts).
  (func $addOuterProducts (export "addOuterProducts")
    (param $M i32) (param $A i32) (param $B i32) (param $n i32) (param $first i32) (param $last i32)
    (local $row i32) (local $k i32) (local $ap i32) (local $bp i32)
    (local.set $row (i32.mul (local.get $n) (i32.const 8)))
    (local.set $ap (i32.add (local.get $A) (i32.mul (local.get $last) (local.get $row))))
    (local.set $bp (i32.add (local.get $B) (i32.mul (local.get $last) (local.get $row))))
    (local.set $k (local.get $n))
    (loop $rowK
      (call $rows (local.get $ap) (i32.sub (i32.const 0) (local.get $row)) (local.get $bp) (i32.sub (i32.const 0) (local.get $row))
        (i32.add (i32.sub (local.get $last) (local.get $first)) (i32.const 1)) (local.get $n) (local.get $M) (i32.const 1))
      (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
      (local.set $M (i32.add (local.get $M) (local.get $row)))
      (br_if $rowK (local.tee $k (i32.sub (local.get $k) (i32.const 1))))))

;; w[i] −= lr·(scale·g[i]) for the n parameters at w (optimizers.ts Sgd); returns 1 when
  ;; every updated parameter is finite (w·0 is 0 for a finite w and NaN otherwise), else 0.
  (func (export "sgd") (param $w i32) (param $g i32) (param $n i32) (param $lr f64) (param $scale f64) (result i32)
    (local $end i32) (local $lr2 v128) (local $scale2 v128) (local $v v128) (local $check v128) (local $u f64) (local $c f64)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $lr2 (f64x2.splat (local.get $lr)))
    (local.set $scale2 (f64x2.splat (local.get $scale)))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $end)))
        (local.set $v
          (f64x2.sub (v128.load (local.get $w))
            (f64x2.mul (local.get $lr2) (f64x2.mul (local.get $scale2) (v128.load (local.get $g))))))
        (v128.store (local.get $w) (local.get $v))
        (local.set $check (f64x2.add (local.get $check) (f64x2.mul (local.get $v) (v128.const f64x2 0 0))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $w) (local.get $end))
      (then
        (local.set $u
          (f64.sub (f64.load (local.get $w)) (f64.mul (local.get $lr) (f64.mul (local.get $scale) (f64.load (local.get $g))))))
        (f64.store (local.get $w) (local.get $u))
        (local.set $c (f64.mul (local.get $u) (f64.const 0)))))
    (f64.eq
      (f64.add (f64.add (f64x2.extract_lane 0 (local.get $check)) (f64x2.extract_lane 1 (local.get $check))) (local.get $c))
      (f64.const 0)))

    ;; The derived tables: x·U for the four inputs and, when training, Vᵀ.
  (func $loadWeights (export "loadWeights")
    (local $x i32) (local $j i32) (local $x0 f64) (local $x1 f64) (local $dst i32) (local $k i32) (local $src i32)
    (local $a v128) (local $b v128)
    (loop $input
      (local.set $x0 (f64.convert_i32_u (i32.shr_u (local.get $x) (i32.const 1))))
      (local.set $x1 (f64.convert_i32_u (i32.and (local.get $x) (i32.const 1))))
      (local.set $dst (i32.add (global.get $xU) (i32.mul (local.get $x) (global.get $row))))
      (local.set $j (i32.const 0))
      (loop $col
        (f64.store (i32.add (local.get $dst) (local.get $j))
          (f64.add
            (f64.mul (local.get $x0) (f64.load (i32.add (global.get $U) (local.get $j))))
            (f64.mul (local.get $x1) (f64.load (i32.add (i32.add (global.get $U) (global.get $row)) (local.get $j))))))
        (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (global.get $row))))
      (br_if $input (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4))))
    (if (i32.and (global.get $grads) (i32.eqz (i32.and (global.get $H) (i32.const 1))))
      (then
        ;; VT[j·H + k] = V[k·H + j] in 2×2 blocks, for an even H
        (local.set $j (i32.const 0))
        (loop $colPair
          (local.set $k (i32.const 0))
          (local.set $src (i32.add (global.get $V) (local.get $j)))
          (local.set $dst (i32.add (global.get $VT) (i32.mul (local.get $j) (global.get $H))))
          (loop $rowPair
            ;; a = V[k][j, j+1], b = V[k+1][j, j+1] → VT[j][k, k+1] = (a0, b0), VT[j+1][k, k+1] = (a1, b1)
            (local.set $a (v128.load (local.get $src)))
            (local.set $b (v128.load (i32.add (local.get $src) (global.get $row))))
            (v128.store (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a) (local.get $b)))
            (v128.store (i32.add (local.get $dst) (global.get $row))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a) (local.get $b)))
            (local.set $src (i32.add (local.get $src) (i32.shl (global.get $row) (i32.const 1))))
            (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
            (br_if $rowPair (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 2))) (global.get $H))))
          (br_if $colPair (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (global.get $row))))
        (return)))
    (if (global.get $grads)
      (then
        ;; VT[j·H + k] = V[k·H + j]
        (local.set $dst (global.get $VT))
        (local.set $j (i32.const 0))
        (loop $colJ
          (local.set $src (i32.add (global.get $V) (local.get $j)))
          (local.set $k (global.get $H))
          (loop $rowK
            (f64.store (local.get $dst) (f64.load (local.get $src)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
            (local.set $src (i32.add (local.get $src) (global.get $row)))
            (br_if $rowK (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
          (br_if $colJ (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (global.get $row)))))))

  ;; Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t| (bptt.ts forward).
  (func $forward (export "forward") (param $a i32) (param $b i32) (result f64)
    (local $c i32) (local $t i32) (local $cur i32) (local $loss f64) (local $ot f64)
    (global.set $pa (local.get $a))
    (global.set $pb (local.get $b))
    (local.set $c (i32.add (local.get $a) (local.get $b)))
    (local.set $cur (global.get $h))
    (loop $step
      (local.set $cur (i32.add (local.get $cur) (global.get $row)))
      (if (i32.eqz (local.get $t))
        (then (memory.fill (local.get $cur) (i32.const 0) (global.get $row))) ;; h_{-1}·V = 0
        (else (call $vecMat (i32.sub (local.get $cur) (global.get $row)) (global.get $V) (global.get $H) (local.get $cur))))
      ;; h_t = f(h_{t-1}·V + x_t·U + b_h), where x = 2·a_t + b_t selects the row of xU
      (call $preActivation (local.get $cur)
        (i32.add (global.get $xU)
          (i32.mul (global.get $row)
            (i32.add
              (i32.shl (i32.and (i32.shr_u (local.get $a) (local.get $t)) (i32.const 1)) (i32.const 1))
              (i32.and (i32.shr_u (local.get $b) (local.get $t)) (i32.const 1)))))
        (local.get $cur))
      (call $activateRow (local.get $cur) (global.get $H))
      ;; o_t = sigmoid(h_t·W + b_o)
      (local.set $ot (call $sigmoid (call $output (local.get $cur))))
      (f64.store (i32.add (global.get $o) (i32.shl (local.get $t) (i32.const 3))) (local.get $ot))
      (local.set $loss
        (f64.add (local.get $loss)
          (f64.abs (f64.sub (local.get $ot)
            (f64.convert_i32_u (i32.and (i32.shr_u (local.get $c) (local.get $t)) (i32.const 1)))))))
      (br_if $step (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (global.get $L))))
    (local.get $loss))

  ;; Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass (bptt.ts backward).
  (func $backward (export "backward")
    (local $c i32) (local $t i32) (local $x0 i32) (local $x1 i32) (local $cur i32) (local $d i32) (local $j i32)
    (local $ot f64) (local $do f64) (local $hj f64) (local $dh f64) (local $dhraw f64) (local $p i32)
    (local $do2 v128) (local $hj2 v128) (local $dhraw2 v128)
    (local.set $c (i32.add (global.get $pa) (global.get $pb)))
    (memory.fill (global.get $future) (i32.const 0) (global.get $row))
    (local.set $t (global.get $L))
    (loop $step
      (local.set $t (i32.sub (local.get $t) (i32.const 1)))
      (local.set $x0 (i32.and (i32.shr_u (global.get $pa) (local.get $t)) (i32.const 1)))
      (local.set $x1 (i32.and (i32.shr_u (global.get $pb) (local.get $t)) (i32.const 1)))
      (local.set $cur (i32.add (global.get $h) (i32.mul (i32.add (local.get $t) (i32.const 1)) (global.get $row))))
      (local.set $d (i32.add (global.get $dHraw) (i32.mul (local.get $t) (global.get $row))))
      (local.set $ot (f64.load (i32.add (global.get $o) (i32.shl (local.get $t) (i32.const 3)))))
      ;; d_o = (o_t − y_t)·o_t(1 − o_t)
      (local.set $do
        (f64.mul
          (f64.sub (local.get $ot) (f64.convert_i32_u (i32.and (i32.shr_u (local.get $c) (local.get $t)) (i32.const 1))))
          (f64.mul (local.get $ot) (f64.sub (f64.const 1) (local.get $ot)))))
      (if (global.get $bias)
        (then (f64.store (global.get $gbo) (f64.add (f64.load (global.get $gbo)) (local.get $do)))))
      ;; two units at a time, as below lane by lane
      (local.set $do2 (f64x2.splat (local.get $do)))
      (local.set $j (i32.const 0))
      (block $pairsDone
        (loop $pair
          (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (global.get $row)))
          (local.set $hj2 (v128.load (i32.add (local.get $cur) (local.get $j))))
          (local.set $p (i32.add (global.get $gW) (local.get $j)))
          (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $hj2) (local.get $do2))))
          (local.set $dhraw2
            (f64x2.mul
              (f64x2.add
                (f64x2.mul (local.get $do2) (v128.load (i32.add (global.get $W) (local.get $j))))
                (v128.load (i32.add (global.get $future) (local.get $j))))
              (if (result v128) (global.get $tanh)
                (then (f64x2.sub (v128.load offset=2176 (i32.const 0)) (f64x2.mul (local.get $hj2) (local.get $hj2))))
                (else (f64x2.mul (local.get $hj2) (f64x2.sub (v128.load offset=2176 (i32.const 0)) (local.get $hj2)))))))
          (v128.store (i32.add (local.get $d) (local.get $j)) (local.get $dhraw2))
          (if (local.get $x0)
            (then
              (local.set $p (i32.add (global.get $gU) (local.get $j)))
              (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (local.get $dhraw2)))))
          (if (local.get $x1)
            (then
              (local.set $p (i32.add (i32.add (global.get $gU) (global.get $row)) (local.get $j)))
              (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (local.get $dhraw2)))))
          (if (global.get $bias)
            (then
              (local.set $p (i32.add (global.get $gbh) (local.get $j)))
              (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (local.get $dhraw2)))))
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $pair)))
      ;; the last unit when H is odd
      (if (i32.lt_u (local.get $j) (global.get $row))
        (then
          (local.set $hj (f64.load (i32.add (local.get $cur) (local.get $j))))
          ;; dW += h_tᵀ·d_o
          (local.set $p (i32.add (global.get $gW) (local.get $j)))
          (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (f64.mul (local.get $hj) (local.get $do))))
          ;; d_h = d_o·Wᵀ + future; d_hraw = d_h ⊙ f'(h_t)
          (local.set $dh
            (f64.add
              (f64.mul (local.get $do) (f64.load (i32.add (global.get $W) (local.get $j))))
              (f64.load (i32.add (global.get $future) (local.get $j)))))
          (local.set $dhraw
            (f64.mul (local.get $dh)
              (if (result f64) (global.get $tanh)
                (then (f64.sub (f64.const 1) (f64.mul (local.get $hj) (local.get $hj))))
                (else (f64.mul (local.get $hj) (f64.sub (f64.const 1) (local.get $hj)))))))
          (f64.store (i32.add (local.get $d) (local.get $j)) (local.get $dhraw))
          ;; dU += x_tᵀ·d_hraw; db_h += d_hraw
          (if (local.get $x0)
            (then
              (local.set $p (i32.add (global.get $gU) (local.get $j)))
              (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $dhraw)))))
          (if (local.get $x1)
            (then
              (local.set $p (i32.add (i32.add (global.get $gU) (global.get $row)) (local.get $j)))
              (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $dhraw)))))
          (if (global.get $bias)
            (then
              (local.set $p (i32.add (global.get $gbh) (local.get $j)))
              (f64.store (local.get $p) (f64.add (f64.load (local.get $p)) (local.get $dhraw)))))))
      ;; future = d_hraw·Vᵀ (no step before t = 0 needs it)
      (if (local.get $t)
        (then (call $vecMat (local.get $d) (global.get $VT) (global.get $H) (global.get $future))))
      (br_if $step (local.get $t)))
    ;; dV += h_{t-1}ᵀ·d_hraw_t for t = L−1 … 1 (t = 0 adds nothing: h_{-1} = 0)
    (if (i32.gt_u (global.get $L) (i32.const 1))
      (then
        (call $addOuterProducts (global.get $gV) (global.get $h) (global.get $dHraw) (global.get $H)
          (i32.const 1) (i32.sub (global.get $L) (i32.const 1))))))

;; One training sample: forward, then backward; returns its loss. (One call instead of two:
  ;; each call from JS into the module has a cost of its own.)
  (func (export "sample") (param $a i32) (param $b i32) (result f64)
    (local $loss f64)
    (local.set $loss (call $forward (local.get $a) (local.get $b)))
    (call $backward)
    (local.get $loss))

  ;; The start of an iteration: the gradients (laid out one after the other from gU, 2H + H² + H
  ;; numbers, plus H + 1 with biases) set to zero, and the derived tables of the current weights.
  (func (export "beginIteration")
    (memory.fill (global.get $gU) (i32.const 0)
      (i32.mul (i32.const 8)
        (i32.add
          (i32.mul (global.get $H) (i32.add (global.get $H) (i32.const 3)))
          (i32.mul (global.get $bias) (i32.add (global.get $H) (i32.const 1))))))
    (call $loadWeights))

    ;; Four hidden states side by side and their outputs (all-pairs.ts fourStates):
  ;; out[x] = f(P[x] + xU[x] + b_h), os[x] = sigmoid(out[x]·W + b_o), where row x of P
  ;; is at p + x·ps and of xU at xU + x·xs (a step of 0 shares one row among the four).
  (func $four (param $p i32) (param $ps i32) (param $xs i32) (param $out i32) (param $os i32)
    (local $x i32)
    (loop $state
      (call $preActivation
        (i32.add (local.get $p) (i32.mul (local.get $x) (local.get $ps)))
        (i32.add (global.get $xU) (i32.mul (local.get $x) (local.get $xs)))
        (i32.add (local.get $out) (i32.mul (local.get $x) (global.get $row))))
      (br_if $state (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4))))
    ;; the four rows are one after the other: 4·H activations in one go
    (call $activateRow (local.get $out) (i32.shl (global.get $H) (i32.const 2)))
    (local.set $x (i32.const 0))
    (loop $state
      (f64.store (i32.add (local.get $os) (i32.shl (local.get $x) (i32.const 3)))
        (call $output (i32.add (local.get $out) (i32.mul (local.get $x) (global.get $row)))))
      (br_if $state (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4))))
    (call $sigmoidRow (local.get $os) (i32.const 4)))

  ;; The all-pairs walk of all-pairs.ts, buffers set by allPairs.
  (global $eHv (mut i32) (i32.const 0))    ;; L×H: row t is h_{t-1}·V of the current node at step t
  (global $eH (mut i32) (i32.const 0))     ;; L×4×H: rows t·4 + x are step t's four children
  (global $eOs (mut i32) (i32.const 0))    ;; L×4: their outputs
  (global $eLeaf (mut i32) (i32.const 0))  ;; 4×H h·V, 4×H states, 4 outputs of the current four leaves
  (global $eLoss (mut i32) (i32.const 0))  ;; f64 per pair a·limit + b: Σ_t |o_t − y_t|
  (global $eRight (mut i32) (i32.const 0)) ;; u8 per pair: output bits right
  (global $eLimit (mut i32) (i32.const 0)) ;; 2^(L−1)

  ;; Scores every pair (L ≥ 2) into loss and right; the other pointers are scratch as above.
  (func (export "allPairs") (param $hv i32) (param $h i32) (param $os i32) (param $leaf i32) (param $loss i32) (param $right i32)
    (global.set $eHv (local.get $hv))
    (global.set $eH (local.get $h))
    (global.set $eOs (local.get $os))
    (global.set $eLeaf (local.get $leaf))
    (global.set $eLoss (local.get $loss))
    (global.set $eRight (local.get $right))
    (global.set $eLimit (i32.shl (i32.const 1) (i32.sub (global.get $L) (i32.const 1))))
    (call $expand (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (f64.const 0) (i32.const 0)))

  ;; Expands the node at step t whose state h_{t-1} is at prev (t = 0: the root), reached by the
  ;; low t bits a, b with the loss and right bits so far.
  (func $expand (param $t i32) (param $prev i32) (param $a i32) (param $b i32) (param $loss f64) (param $right i32)
    (local $row i32) (local $out i32) (local $os i32) (local $last i32) (local $x i32) (local $ca i32) (local $cb i32)
    (local $y i32) (local $o f64) (local $cl f64) (local $cr i32) (local $leafOs i32) (local $index i32)
    (local.set $row (global.get $row))
    (local.set $out (i32.add (global.get $eH) (i32.mul (local.get $t) (i32.shl (local.get $row) (i32.const 2)))))
    (local.set $os (i32.add (global.get $eOs) (i32.shl (local.get $t) (i32.const 5))))
    (call $children (local.get $prev) (i32.add (global.get $eHv) (i32.mul (local.get $t) (local.get $row))) (local.get $out) (local.get $os))
    ;; at step L−2 each child has one leaf, with input [0, 0]
    (local.set $last (i32.eq (local.get $t) (i32.sub (global.get $L) (i32.const 2))))
    (local.set $leafOs (i32.add (global.get $eLeaf) (i32.shl (local.get $row) (i32.const 3))))
    (if (local.get $last)
      (then
        (call $leaves (local.get $out) (global.get $eLeaf) (i32.add (global.get $eLeaf) (i32.shl (local.get $row) (i32.const 2)))
          (local.get $leafOs))))
    (loop $child
      (local.set $ca (i32.or (local.get $a) (i32.shl (i32.shr_u (local.get $x) (i32.const 1)) (local.get $t))))
      (local.set $cb (i32.or (local.get $b) (i32.shl (i32.and (local.get $x) (i32.const 1)) (local.get $t))))
      (local.set $o (f64.load (i32.add (local.get $os) (i32.shl (local.get $x) (i32.const 3)))))
      (local.set $y (i32.and (i32.shr_u (i32.add (local.get $ca) (local.get $cb)) (local.get $t)) (i32.const 1)))
      (local.set $cl (f64.add (local.get $loss) (f64.abs (f64.sub (local.get $o) (f64.convert_i32_u (local.get $y))))))
      (local.set $cr (i32.add (local.get $right) (i32.eq (f64.gt (local.get $o) (f64.const 0.5)) (local.get $y))))
      (if (local.get $last)
        (then
          (local.set $o (f64.load (i32.add (local.get $leafOs) (i32.shl (local.get $x) (i32.const 3)))))
          (local.set $y
            (i32.and (i32.shr_u (i32.add (local.get $ca) (local.get $cb)) (i32.sub (global.get $L) (i32.const 1))) (i32.const 1)))
          (local.set $index (i32.add (i32.mul (local.get $ca) (global.get $eLimit)) (local.get $cb)))
          (f64.store (i32.add (global.get $eLoss) (i32.shl (local.get $index) (i32.const 3)))
            (f64.add (local.get $cl) (f64.abs (f64.sub (local.get $o) (f64.convert_i32_u (local.get $y))))))
          (i32.store8 (i32.add (global.get $eRight) (local.get $index))
            (i32.add (local.get $cr) (i32.eq (f64.gt (local.get $o) (f64.const 0.5)) (local.get $y)))))
        (else
          (call $expand (i32.add (local.get $t) (i32.const 1)) (i32.add (local.get $out) (i32.mul (local.get $x) (local.get $row)))
            (local.get $ca) (local.get $cb) (local.get $cl) (local.get $cr))))
      (br_if $child (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4)))))

  ;; The four children of a node whose state h_{t-1} is at prev (t = 0: prev = 0, h_{-1} = 0):
  ;; hv = h_{t-1}·V, out = their four states (row x for input x), os = their four outputs.
  (func $children (param $prev i32) (param $hv i32) (param $out i32) (param $os i32)
    (if (i32.eqz (local.get $prev))
      (then (memory.fill (local.get $hv) (i32.const 0) (global.get $row)))
      (else (call $vecMat (local.get $prev) (global.get $V) (global.get $H) (local.get $hv))))
    (call $four (local.get $hv) (i32.const 0) (global.get $row) (local.get $out) (local.get $os)))

  ;; The one leaf, with input [0, 0], below each of the four states at states (rows of H):
  ;; hv = their h·V, out = the leaves' states, os = their outputs.
  (func $leaves (param $states i32) (param $hv i32) (param $out i32) (param $os i32)
    (local $x i32)
    (loop $leaf
      (call $vecMat
        (i32.add (local.get $states) (i32.mul (local.get $x) (global.get $row))) (global.get $V) (global.get $H)
        (i32.add (local.get $hv) (i32.mul (local.get $x) (global.get $row))))
      (br_if $leaf (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4))))
    (call $four (local.get $hv) (global.get $row) (i32.const 0) (local.get $out) (local.get $os))))
