;; The RNN's hot loops in WebAssembly with 128-bit SIMD (f64x2): a training
;; sample forward and back, the derived weight tables, the SGD step, and the
;; whole all-pairs evaluation for the vanilla cell, and a training sample of
;; the LSTM and the GRU (the gated section at the end). `npm run build:wasm`
;; assembles this file into rnn-wasm.ts; a test checks that the two agree.
;;
;; Every number is computed with the operations of the JS code it replaces
;; (jsRnnKernel.ts, matrixLoops.ts, lstmKernel.ts, gruKernel.ts, wideLoops.ts,
;; activation.ts, optimizers.ts, all-pairs.ts), in the same order: SIMD runs
;; across columns j, each column's sum keeps its own order, and there is no
;; fused multiply-add. Results are bit-identical to the JS path.
;;
;; All pointers are byte offsets into the imported memory; the JS side lays
;; the buffers out and hands their offsets to `bind` (or `bindGated`). Matrices are row-major
;; f64, H×H for V; vectors of H hidden units are "rows" of H·8 bytes.

(module
  (import "e" "m" (memory 0))
  ;; Math.exp, for the arguments where the result is subnormal, infinite or NaN.
  (import "e" "exp" (func $mathExp (param f64) (result f64)))

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
  ;; $squashRow, the backward passes and the gated cells from 2048 (208 bytes), written here.
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
    (v128.store offset=2192 (i32.const 0) (v128.const f64x2 708.5 708.5))
    (v128.store offset=2208 (i32.const 0) (v128.const f64x2 -2 -2))
    (v128.store offset=2224 (i32.const 0) (v128.const i64x2 -1 0)) ;; the first lane's bits
    (v128.store offset=2240 (i32.const 0) (v128.const i64x2 -1 -1))) ;; both lanes' bits

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

  ;; v[i] = sigmoid(v[i]), or with $tanh v[i] = $gateTanh(v[i]) (activation.ts tanh, built on
  ;; exp: not Math.tanh), for the n numbers at p, two at a time: each lane goes through the
  ;; operations of $exp, so it equals the scalar function of it. The vector constants are read
  ;; from memory (see init): written inline, V8 rebuilds each one on every use.
  (func $squashRow (param $p i32) (param $n i32) (param $tanh i32)
    (local $end i32) (local $v v128) (local $x v128) (local $y v128) (local $k v128) (local $r v128) (local $r2 v128) (local $e v128) (local $f v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 3))))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        ;; the exponent: −2|v| for tanh, −v for sigmoid
        (local.set $x
          (if (result v128) (local.get $tanh)
            (then (f64x2.mul (v128.load offset=2208 (i32.const 0)) (f64x2.abs (local.get $v))))
            (else (f64x2.neg (local.get $v)))))
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
        (if (local.get $tanh)
          (then
            ;; r = (1 − e)/(1 + e), with v's sign
            (local.set $r
              (f64x2.div
                (f64x2.sub (v128.load offset=2176 (i32.const 0)) (local.get $e))
                (f64x2.add (v128.load offset=2176 (i32.const 0)) (local.get $e))))
            (v128.store (local.get $p)
              (v128.bitselect (f64x2.neg (local.get $r)) (local.get $r) (f64x2.lt (local.get $v) (v128.const f64x2 0 0)))))
          (else
            (v128.store (local.get $p)
              (f64x2.div (v128.load offset=2176 (i32.const 0)) (f64x2.add (v128.load offset=2176 (i32.const 0)) (local.get $e))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $p) (local.get $end))
      (then
        (f64.store (local.get $p)
          (if (result f64) (local.get $tanh)
            (then (call $gateTanh (f64.load (local.get $p))))
            (else (call $sigmoid (f64.load (local.get $p)))))))))

  ;; tanh(x) = sign(x)·(1 − e^(−2|x|))/(1 + e^(−2|x|)) (activation.ts tanh).
  (func $gateTanh (param $x f64) (result f64)
    (local $t f64) (local $r f64)
    (local.set $t (call $exp (f64.mul (f64.const -2) (f64.abs (local.get $x)))))
    (local.set $r (f64.div (f64.sub (f64.const 1) (local.get $t)) (f64.add (f64.const 1) (local.get $t))))
    (if (result f64) (f64.lt (local.get $x) (f64.const 0))
      (then (f64.neg (local.get $r)))
      (else (local.get $r))))

  ;; The hidden activation f of the n numbers at p, in place: activation.ts activate, tanh
  ;; built on exp as the gated cells' is.
  (func $activateRow (param $p i32) (param $n i32)
    (call $squashRow (local.get $p) (local.get $n) (global.get $tanh)))

  ;; out[j] = a[j] + b[j] (+ c[j] with biases) for j < n: pre-activations, c being their biases.
  (func $preActivation (param $a i32) (param $b i32) (param $c i32) (param $out i32) (param $n i32)
    (local $j i32) (local $row i32)
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $row)))
        (v128.store (i32.add (local.get $out) (local.get $j))
          (if (result v128) (global.get $bias)
            (then
              (f64x2.add
                (f64x2.add (v128.load (i32.add (local.get $a) (local.get $j))) (v128.load (i32.add (local.get $b) (local.get $j))))
                (v128.load (i32.add (local.get $c) (local.get $j)))))
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
                (f64.load (i32.add (local.get $c) (local.get $j)))))
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

  ;; out = x·M for a row vector x of n and an n×n matrix M (kernel/matrixLoops.ts vecMat).
  (func $vecMat (export "vecMat") (param $x i32) (param $M i32) (param $n i32) (param $out i32)
    (call $rows (local.get $x) (i32.const 8) (local.get $M) (i32.mul (local.get $n) (i32.const 8))
      (local.get $n) (local.get $n) (local.get $out) (i32.const 0)))

  ;; M[k·n + j] += Σ_t A[t·n + k]·B[t·n + j], t from last down to first ≤ last (kernel/matrixLoops.ts addOuterProducts).
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
  ;; every updated parameter is finite (w·0 is ±0 for a finite w and NaN otherwise), else 0.
  ;; The w·0 are OR-ed bit by bit, which keeps a NaN a NaN and zeros zero without a chain of
  ;; additions, each waiting for the one before.
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
        (local.set $check (v128.or (local.get $check) (f64x2.mul (local.get $v) (v128.const f64x2 0 0))))
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
    (call $inputTable (i32.const 1))
    (if (global.get $grads)
      (then (call $transpose (global.get $V) (global.get $VT)))))

  ;; x·U_g for the four inputs x = [x0, x1] and the gates g < G, whose U_g (2×H) lie one after
  ;; another from U (wideLoops.ts inputTable): row 2·x0 + x1 of xU is [x·U_0 | … | x·U_{G−1}].
  (func $inputTable (param $G i32)
    (local $x i32) (local $j i32) (local $x0 f64) (local $x1 f64) (local $x0s v128) (local $x1s v128)
    (local $dst i32) (local $u i32) (local $end i32)
    (local.set $dst (global.get $xU))
    (loop $input
      (local.set $x0 (f64.convert_i32_u (i32.shr_u (local.get $x) (i32.const 1))))
      (local.set $x1 (f64.convert_i32_u (i32.and (local.get $x) (i32.const 1))))
      (local.set $u (global.get $U))
      (local.set $end (i32.add (global.get $U) (i32.mul (local.get $G) (i32.shl (global.get $row) (i32.const 1)))))
      (local.set $x0s (f64x2.splat (local.get $x0)))
      (local.set $x1s (f64x2.splat (local.get $x1)))
      (loop $gate
        (local.set $j (i32.const 0))
        ;; two columns at a time, as below lane by lane
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (global.get $row)))
            (v128.store (i32.add (local.get $dst) (local.get $j))
              (f64x2.add
                (f64x2.mul (local.get $x0s) (v128.load (i32.add (local.get $u) (local.get $j))))
                (f64x2.mul (local.get $x1s) (v128.load (i32.add (i32.add (local.get $u) (global.get $row)) (local.get $j))))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $pair)))
        ;; the last column when H is odd: x0·U_g[0][j] + x1·U_g[1][j]
        (if (i32.lt_u (local.get $j) (global.get $row))
          (then
            (f64.store (i32.add (local.get $dst) (local.get $j))
              (f64.add
                (f64.mul (local.get $x0) (f64.load (i32.add (local.get $u) (local.get $j))))
                (f64.mul (local.get $x1) (f64.load (i32.add (i32.add (local.get $u) (global.get $row)) (local.get $j))))))))
        (local.set $dst (i32.add (local.get $dst) (global.get $row)))
        (br_if $gate (i32.lt_u (local.tee $u (i32.add (local.get $u) (i32.shl (global.get $row) (i32.const 1)))) (local.get $end))))
      (br_if $input (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4)))))

  ;; T[j·H + k] = M[k·H + j]: the transpose of the H×H matrix at M, into T.
  (func $transpose (param $M i32) (param $T i32)
    (local $j i32) (local $k i32) (local $src i32) (local $dst i32) (local $a v128) (local $b v128)
    (if (i32.eqz (i32.and (global.get $H) (i32.const 1)))
      (then
        ;; in 2×2 blocks, for an even H
        (loop $colPair
          (local.set $k (i32.const 0))
          (local.set $src (i32.add (local.get $M) (local.get $j)))
          (local.set $dst (i32.add (local.get $T) (i32.mul (local.get $j) (global.get $H))))
          (loop $rowPair
            ;; a = M[k][j, j+1], b = M[k+1][j, j+1] → T[j][k, k+1] = (a0, b0), T[j+1][k, k+1] = (a1, b1)
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
    (local.set $dst (local.get $T))
    (loop $colJ
      (local.set $src (i32.add (local.get $M) (local.get $j)))
      (local.set $k (global.get $H))
      (loop $rowK
        (f64.store (local.get $dst) (f64.load (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $src (i32.add (local.get $src) (global.get $row)))
        (br_if $rowK (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (br_if $colJ (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 8))) (global.get $row)))))

  ;; Runs the pair (a, b) forward and returns the L1 loss Σ_t |o_t − y_t| (kernel/jsRnnKernel.ts forward).
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
        (global.get $bh) (local.get $cur) (global.get $H))
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

  ;; Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass (kernel/jsRnnKernel.ts backward).
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
        (global.get $bh)
        (i32.add (local.get $out) (i32.mul (local.get $x) (global.get $row)))
        (global.get $H))
      (br_if $state (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4))))
    ;; the four rows are one after the other: 4·H activations in one go
    (call $activateRow (local.get $out) (i32.shl (global.get $H) (i32.const 2)))
    (local.set $x (i32.const 0))
    (loop $state
      (f64.store (i32.add (local.get $os) (i32.shl (local.get $x) (i32.const 3)))
        (call $output (i32.add (local.get $out) (i32.mul (local.get $x) (global.get $row)))))
      (br_if $state (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (i32.const 4))))
    (call $squashRow (local.get $os) (i32.const 4) (i32.const 0)))

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
    (call $four (local.get $hv) (global.get $row) (i32.const 0) (local.get $out) (local.get $os)))
  ;; ———— The gated cells: lstmKernel.ts and gruKernel.ts, operation for operation ————
  ;;
  ;; bindGated points U, V, W, bh and bo (and gU … gbo) at a gated network's flat parameters,
  ;; in weights.ts's order: the G gates' U's (2×H each), their V's (H×H each), W, the gates'
  ;; biases (H each) and b_o. h (and for the LSTM cs) has row 0 = 0 for the state before step 0.
  ;; Element-wise loops take two units at a time; when H is odd the last pass has one unit,
  ;; its second lane reads whatever follows (every buffer is followed by more memory) and its
  ;; stores write the first lane only (see the unit loops below).
  (global $G (mut i32) (i32.const 0))        ;; gates per step: 4 (LSTM i, o, f, c̃) or 3 (GRU z, r, h̃)
  (global $gateRow (mut i32) (i32.const 0))  ;; G·H·8, the bytes of one step's gates
  (global $paramBytes (mut i32) (i32.const 0))
  (global $cs (mut i32) (i32.const 0))       ;; LSTM: (L+1)×H cell states, row 0 = c_{-1} = 0
  (global $gates (mut i32) (i32.const 0))    ;; L×G×H: row t is step t's gate values, gate after gate
  (global $aux (mut i32) (i32.const 0))      ;; L×H: LSTM tanh(c_t); GRU r_t ⊙ h_{t-1}
  (global $pre (mut i32) (i32.const 0))      ;; G×H: a step's pre-activation sums
  (global $dPre (mut i32) (i32.const 0))     ;; L×G×H: row t is the gradient at step t's gates' pre-activations
  (global $carry (mut i32) (i32.const 0))    ;; H: LSTM the gradient reaching c_{t-1}; GRU dh ⊙ z
  (global $dRh (mut i32) (i32.const 0))      ;; H: GRU the gradient at r_t ⊙ h_{t-1}
  (global $xs (mut i32) (i32.const 0))       ;; L bytes: inputs x_t = 2·a_t + b_t
  (global $ys (mut i32) (i32.const 0))       ;; L bytes: targets y_t

  (func (export "bindGated")
    (param $H i32) (param $L i32) (param $G i32) (param $bias i32) (param $params i32) (param $grads i32)
    (param $h i32) (param $cs i32) (param $o i32) (param $xU i32) (param $VT i32) (param $gates i32) (param $aux i32)
    (param $pre i32) (param $dPre i32) (param $future i32) (param $carry i32) (param $dRh i32) (param $xs i32) (param $ys i32)
    (local $row i32)
    (local.set $row (i32.shl (local.get $H) (i32.const 3)))
    (global.set $H (local.get $H))
    (global.set $row (local.get $row))
    (global.set $L (local.get $L))
    (global.set $G (local.get $G))
    (global.set $gateRow (i32.mul (local.get $G) (local.get $row)))
    (global.set $bias (local.get $bias))
    (global.set $U (local.get $params))
    (global.set $V (i32.add (global.get $U) (i32.shl (global.get $gateRow) (i32.const 1))))
    (global.set $W (i32.add (global.get $V) (i32.mul (global.get $gateRow) (local.get $H))))
    (global.set $bh (i32.add (global.get $W) (local.get $row)))
    (global.set $bo (i32.add (global.get $bh) (global.get $gateRow)))
    (global.set $paramBytes
      (i32.sub (select (i32.add (global.get $bo) (i32.const 8)) (global.get $bh) (local.get $bias)) (local.get $params)))
    (global.set $grads (i32.ne (local.get $grads) (i32.const 0)))
    (global.set $gU (local.get $grads))
    (global.set $gV (i32.add (local.get $grads) (i32.sub (global.get $V) (local.get $params))))
    (global.set $gW (i32.add (local.get $grads) (i32.sub (global.get $W) (local.get $params))))
    (global.set $gbh (i32.add (local.get $grads) (i32.sub (global.get $bh) (local.get $params))))
    (global.set $gbo (i32.add (local.get $grads) (i32.sub (global.get $bo) (local.get $params))))
    (global.set $h (local.get $h))
    (global.set $cs (local.get $cs))
    (global.set $o (local.get $o))
    (global.set $xU (local.get $xU))
    (global.set $VT (local.get $VT))
    (global.set $gates (local.get $gates))
    (global.set $aux (local.get $aux))
    (global.set $pre (local.get $pre))
    (global.set $dPre (local.get $dPre))
    (global.set $future (local.get $future))
    (global.set $carry (local.get $carry))
    (global.set $dRh (local.get $dRh))
    (global.set $xs (local.get $xs))
    (global.set $ys (local.get $ys)))

  ;; The derived tables: x·U_g for the four inputs and, when training, each V_gᵀ (VT holds them one after another).
  (func $gatedLoadWeights (export "gatedLoadWeights")
    (local $g i32) (local $at i32)
    (call $inputTable (global.get $G))
    (if (global.get $grads)
      (then
        (loop $gate
          (local.set $at (i32.mul (local.get $g) (i32.mul (global.get $H) (global.get $row))))
          (call $transpose (i32.add (global.get $V) (local.get $at)) (i32.add (global.get $VT) (local.get $at)))
          (br_if $gate (i32.lt_u (local.tee $g (i32.add (local.get $g) (i32.const 1))) (global.get $G)))))))

  ;; The start of an iteration: every gradient to zero, then the derived tables.
  (func (export "gatedBeginIteration")
    (memory.fill (global.get $gU) (i32.const 0) (global.get $paramBytes))
    (call $gatedLoadWeights))

  ;; Writes the pair (a, b)'s inputs x_t = 2·a_t + b_t and targets y_t = bit t of a + b into xs, ys (sequence.ts).
  (func $pairSequence (export "pairSequence") (param $a i32) (param $b i32)
    (local $t i32) (local $c i32)
    (local.set $c (i32.add (local.get $a) (local.get $b)))
    (loop $step
      (i32.store8 (i32.add (global.get $xs) (local.get $t))
        (i32.or
          (i32.shl (i32.and (i32.shr_u (local.get $a) (local.get $t)) (i32.const 1)) (i32.const 1))
          (i32.and (i32.shr_u (local.get $b) (local.get $t)) (i32.const 1))))
      (i32.store8 (i32.add (global.get $ys) (local.get $t)) (i32.and (i32.shr_u (local.get $c) (local.get $t)) (i32.const 1)))
      (br_if $step (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (global.get $L)))))

  ;; out[g] = x·V_g for the gates first … first + count − 1, side by side; all 0 for x = 0 (the state h_{-1}).
  (func $gateProducts (param $x i32) (param $first i32) (param $count i32) (param $out i32)
    (local $V i32)
    (if (i32.eqz (local.get $x))
      (then
        (memory.fill (local.get $out) (i32.const 0) (i32.mul (local.get $count) (global.get $row)))
        (return)))
    (local.set $V (i32.add (global.get $V) (i32.mul (local.get $first) (i32.mul (global.get $H) (global.get $row)))))
    (loop $gate
      (call $vecMat (local.get $x) (local.get $V) (global.get $H) (local.get $out))
      (local.set $V (i32.add (local.get $V) (i32.mul (global.get $H) (global.get $row))))
      (local.set $out (i32.add (local.get $out) (global.get $row)))
      (br_if $gate (local.tee $count (i32.sub (local.get $count) (i32.const 1))))))

  ;; The row of xU for the input x = 2·a_t + b_t.
  (func $xURow (param $x i32) (result i32)
    (i32.add (global.get $xU) (i32.mul (local.get $x) (global.get $gateRow))))

  ;; o_t = σ(h_t·W + b_o) for the state at h, stored at step t and returned.
  (func $gatedOutput (param $t i32) (param $h i32) (result f64)
    (local $ot f64)
    (local.set $ot (call $sigmoid (call $output (local.get $h))))
    (f64.store (i32.add (global.get $o) (i32.shl (local.get $t) (i32.const 3))) (local.get $ot))
    (local.get $ot))


  ;; d_o = (o_t − y_t)·o_t(1 − o_t) at step t, added into db_o with biases.
  (func $outputGradient (param $t i32) (result f64)
    (local $ot f64) (local $do f64)
    (local.set $ot (f64.load (i32.add (global.get $o) (i32.shl (local.get $t) (i32.const 3)))))
    (local.set $do
      (f64.mul
        (f64.sub (local.get $ot) (f64.convert_i32_u (i32.load8_u (i32.add (global.get $ys) (local.get $t)))))
        (f64.mul (local.get $ot) (f64.sub (f64.const 1) (local.get $ot)))))
    (if (global.get $bias)
      (then (f64.store (global.get $gbo) (f64.add (f64.load (global.get $gbo)) (local.get $do)))))
    (local.get $do))

  ;; dst[i] += src[i] for i < n.
  (func $addRow (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 3))))
    (block $pairsDone
      (loop $pair
        (br_if $pairsDone (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst) (f64x2.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $pair)))
    (if (i32.lt_u (local.get $dst) (local.get $end))
      (then (f64.store (local.get $dst) (f64.add (f64.load (local.get $dst)) (f64.load (local.get $src)))))))

  ;; Adds step t's gradients at the gates' pre-activations (d: G×H, gate after gate) into
  ;; dU_g += x_tᵀ·d_g (U_g's row 0 when x0 = 1, row 1 when x1 = 1) and db += d.
  (func $inputGradients (param $t i32) (param $d i32)
    (local $x i32) (local $u i32) (local $dg i32) (local $end i32)
    (local.set $x (i32.load8_u (i32.add (global.get $xs) (local.get $t))))
    (if (local.get $x)
      (then
        (local.set $u (global.get $gU))
        (local.set $dg (local.get $d))
        (local.set $end (i32.add (local.get $d) (global.get $gateRow)))
        (loop $gate
          (if (i32.shr_u (local.get $x) (i32.const 1))
            (then (call $addRow (local.get $u) (local.get $dg) (global.get $H))))
          (if (i32.and (local.get $x) (i32.const 1))
            (then (call $addRow (i32.add (local.get $u) (global.get $row)) (local.get $dg) (global.get $H))))
          (local.set $u (i32.add (local.get $u) (i32.shl (global.get $row) (i32.const 1))))
          (br_if $gate (i32.lt_u (local.tee $dg (i32.add (local.get $dg) (global.get $row))) (local.get $end))))))
    (if (global.get $bias)
      (then (call $addRow (global.get $gbh) (local.get $d) (i32.mul (global.get $G) (global.get $H))))))

  ;; dV_g += Σ_t s_tᵀ·d_g,t over t = L−1 … 1 for the gates first … first + count − 1, where row t of
  ;; the states at s pairs with step t's row of dPre (t = 0 adds nothing: its state is h_{-1} = 0).
  ;; The sums run as matrixLoops.ts addOuterProducts's.
  (func $gateOuterProducts (param $s i32) (param $first i32) (param $count i32)
    (local $last i32) (local $g i32) (local $k i32) (local $x i32) (local $out i32)
    (local.set $last (i32.sub (global.get $L) (i32.const 1)))
    (if (i32.eqz (local.get $last)) (then (return)))
    (local.set $g (local.get $first))
    (loop $gate
      (local.set $x (i32.add (local.get $s) (i32.mul (local.get $last) (global.get $row))))
      (local.set $out (i32.add (global.get $gV) (i32.mul (local.get $g) (i32.mul (global.get $H) (global.get $row)))))
      (local.set $k (global.get $H))
      (loop $rowK
        ;; row k of dV_g += Σ_t s_t[k]·d_g,t, t descending
        (call $rows (local.get $x) (i32.sub (i32.const 0) (global.get $row))
          (i32.add (global.get $dPre) (i32.add (i32.mul (local.get $last) (global.get $gateRow)) (i32.mul (local.get $g) (global.get $row))))
          (i32.sub (i32.const 0) (global.get $gateRow))
          (local.get $last) (global.get $H) (local.get $out) (i32.const 1))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (global.get $row)))
        (br_if $rowK (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
      (br_if $gate (i32.lt_u (local.tee $g (i32.add (local.get $g) (i32.const 1))) (i32.add (local.get $first) (local.get $count))))))

  ;; out[k] = Σ_g Σ_j V_g[k][j]·d[g·H + j] over the gates first … first + count − 1, g then j
  ;; ascending from 0 (wideLoops.ts rowDots): d times the stacked V_gᵀ.
  (func $gateRowDots (param $d i32) (param $first i32) (param $count i32) (param $out i32)
    (call $rows (local.get $d) (i32.const 8)
      (i32.add (global.get $VT) (i32.mul (local.get $first) (i32.mul (global.get $H) (global.get $row))))
      (global.get $row) (i32.mul (local.get $count) (global.get $H)) (global.get $H) (local.get $out) (i32.const 0)))

  ;; In the unit loops below, $mask is the lanes of the units from byte j on that exist (both, or
  ;; the first of an odd H's last unit), and a store of v at p is
  ;;   (v128.store p (v128.bitselect v (v128.load p) mask)),
  ;; which leaves the other lane as it was.

  ;; ——— LSTM (lstmKernel.ts): gates i, o, f, c̃ ———

  ;; Runs the sequence in xs, ys forward and returns the L1 loss Σ_t |o_t − y_t|.
  (func $lstmForward (export "lstmForward") (result f64)
    (local $t i32) (local $loss f64)
    (loop $each
      (local.set $loss
        (f64.add (local.get $loss)
          (f64.abs
            (f64.sub
              (call $lstmStep (local.get $t) (i32.load8_u (i32.add (global.get $xs) (local.get $t))))
              (f64.convert_i32_u (i32.load8_u (i32.add (global.get $ys) (local.get $t))))))))
      (br_if $each (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (global.get $L))))
    (local.get $loss))

  ;; Step t with the input x = 2·a_t + b_t (lstmKernel.ts step): the state after step t (row t + 1)
  ;; from the one before it (row t); returns o_t.
  (func $lstmStep (export "lstmStep") (param $t i32) (param $x i32) (result f64)
    (local $row i32) (local $prev i32) (local $cur i32) (local $cPrev i32) (local $cCur i32) (local $gr i32) (local $tr i32)
    (local $j i32) (local $p i32) (local $mask v128) (local $ct v128)
    (local.set $row (global.get $row))
    (local.set $prev (i32.add (global.get $h) (i32.mul (local.get $t) (local.get $row))))
    (local.set $cur (i32.add (local.get $prev) (local.get $row)))
    (local.set $cPrev (i32.add (global.get $cs) (i32.mul (local.get $t) (local.get $row))))
    (local.set $cCur (i32.add (local.get $cPrev) (local.get $row)))
    (local.set $gr (i32.add (global.get $gates) (i32.mul (local.get $t) (global.get $gateRow))))
    (local.set $tr (i32.add (global.get $aux) (i32.mul (local.get $t) (local.get $row))))
    ;; pre_g = h_{t-1}·V_g, gate by gate
    (call $gateProducts (select (local.get $prev) (i32.const 0) (local.get $t)) (i32.const 0) (i32.const 4) (global.get $pre))
    ;; [i | o | f | c̃] = [σ | σ | σ | tanh](pre + x_t·U + b)
    (call $preActivation (global.get $pre) (call $xURow (local.get $x)) (global.get $bh) (local.get $gr)
      (i32.shl (global.get $H) (i32.const 2)))
    (call $squashRow (local.get $gr) (i32.mul (global.get $H) (i32.const 3)) (i32.const 0))
    (call $squashRow (i32.add (local.get $gr) (i32.mul (local.get $row) (i32.const 3))) (global.get $H) (i32.const 1))
    ;; c_t = f ⊙ c_{t-1} + i ⊙ c̃, into cs and into aux for its tanh
    (local.set $j (i32.const 0))
    (loop $unit
      (local.set $mask
        (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
          (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
      (local.set $p (i32.add (local.get $gr) (local.get $j)))
      (local.set $ct
        (f64x2.add
          (f64x2.mul
            (v128.load (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1))))
            (v128.load (i32.add (local.get $cPrev) (local.get $j))))
          (f64x2.mul (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (i32.mul (local.get $row) (i32.const 3)))))))
      (local.set $p (i32.add (local.get $cCur) (local.get $j)))
      (v128.store (local.get $p) (v128.bitselect (local.get $ct) (v128.load (local.get $p)) (local.get $mask)))
      (local.set $p (i32.add (local.get $tr) (local.get $j)))
      (v128.store (local.get $p) (v128.bitselect (local.get $ct) (v128.load (local.get $p)) (local.get $mask)))
      (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
    (call $squashRow (local.get $tr) (global.get $H) (i32.const 1))
    ;; h_t = o ⊙ tanh(c_t)
    (local.set $j (i32.const 0))
    (loop $unit
      (local.set $mask
        (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
          (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
      (local.set $p (i32.add (local.get $cur) (local.get $j)))
      (v128.store (local.get $p)
        (v128.bitselect
          (f64x2.mul
            (v128.load (i32.add (i32.add (local.get $gr) (local.get $row)) (local.get $j)))
            (v128.load (i32.add (local.get $tr) (local.get $j))))
          (v128.load (local.get $p))
          (local.get $mask)))
      (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
    (call $gatedOutput (local.get $t) (local.get $cur)))

  ;; Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass into the gradients (BPTT).
  (func $lstmBackward (export "lstmBackward")
    (local $t i32) (local $row i32) (local $cur i32) (local $cPrev i32) (local $gr i32) (local $tr i32) (local $d i32)
    (local $j i32) (local $p i32)
    (local $mask v128) (local $one v128) (local $do v128) (local $dh v128) (local $i v128) (local $og v128) (local $f v128)
    (local $cc v128) (local $tc v128) (local $dc v128)
    (local.set $row (global.get $row))
    (local.set $one (v128.load offset=2176 (i32.const 0)))
    (memory.fill (global.get $future) (i32.const 0) (local.get $row))
    (memory.fill (global.get $carry) (i32.const 0) (local.get $row))
    (local.set $t (global.get $L))
    (loop $step
      (local.set $t (i32.sub (local.get $t) (i32.const 1)))
      (local.set $cur (i32.add (global.get $h) (i32.mul (i32.add (local.get $t) (i32.const 1)) (local.get $row))))
      (local.set $cPrev (i32.add (global.get $cs) (i32.mul (local.get $t) (local.get $row))))
      (local.set $gr (i32.add (global.get $gates) (i32.mul (local.get $t) (global.get $gateRow))))
      (local.set $tr (i32.add (global.get $aux) (i32.mul (local.get $t) (local.get $row))))
      ;; this step's row of dPre: [d_i | d_o | d_f | d_c̃]
      (local.set $d (i32.add (global.get $dPre) (i32.mul (local.get $t) (global.get $gateRow))))
      (local.set $do (f64x2.splat (call $outputGradient (local.get $t))))
      (local.set $j (i32.const 0))
      (loop $unit
        (local.set $mask
          (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
            (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
        ;; dW += h_tᵀ·d_o
        (local.set $p (i32.add (global.get $gW) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.add (v128.load (local.get $p)) (f64x2.mul (v128.load (i32.add (local.get $cur) (local.get $j))) (local.get $do)))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; d_h = d_o·W + what reaches h_t from step t+1
        (local.set $dh
          (f64x2.add
            (f64x2.mul (local.get $do) (v128.load (i32.add (global.get $W) (local.get $j))))
            (v128.load (i32.add (global.get $future) (local.get $j)))))
        (local.set $p (i32.add (local.get $gr) (local.get $j)))
        (local.set $i (v128.load (local.get $p)))
        (local.set $og (v128.load (i32.add (local.get $p) (local.get $row))))
        (local.set $f (v128.load (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1)))))
        (local.set $cc (v128.load (i32.add (local.get $p) (i32.mul (local.get $row) (i32.const 3)))))
        (local.set $tc (v128.load (i32.add (local.get $tr) (local.get $j))))
        ;; d_c = d_h·o·(1 − tanh²(c_t)) + what reaches c_t from c_{t+1}
        (local.set $dc
          (f64x2.add
            (f64x2.mul
              (f64x2.mul (local.get $dh) (local.get $og))
              (f64x2.sub (local.get $one) (f64x2.mul (local.get $tc) (local.get $tc))))
            (v128.load (i32.add (global.get $carry) (local.get $j)))))
        ;; d_i = d_c·c̃·i(1 − i)
        (local.set $p (i32.add (local.get $d) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.mul (f64x2.mul (local.get $dc) (local.get $cc)) (f64x2.mul (local.get $i) (f64x2.sub (local.get $one) (local.get $i))))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; d_o = d_h·tanh(c_t)·o(1 − o)
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.mul (f64x2.mul (local.get $dh) (local.get $tc)) (f64x2.mul (local.get $og) (f64x2.sub (local.get $one) (local.get $og))))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; d_f = d_c·c_{t-1}·f(1 − f)
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.mul
              (f64x2.mul (local.get $dc) (v128.load (i32.add (local.get $cPrev) (local.get $j))))
              (f64x2.mul (local.get $f) (f64x2.sub (local.get $one) (local.get $f))))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; d_c̃ = d_c·i·(1 − c̃²)
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.mul (f64x2.mul (local.get $dc) (local.get $i)) (f64x2.sub (local.get $one) (f64x2.mul (local.get $cc) (local.get $cc))))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; what reaches c_{t-1}: ∂c_t/∂c_{t-1} = f
        (local.set $p (i32.add (global.get $carry) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect (f64x2.mul (local.get $dc) (local.get $f)) (v128.load (local.get $p)) (local.get $mask)))
        (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
      (call $inputGradients (local.get $t) (local.get $d))
      ;; future = Σ_g d_pre_g·V_gᵀ (no step before t = 0 needs it)
      (if (local.get $t)
        (then (call $gateRowDots (local.get $d) (i32.const 0) (i32.const 4) (global.get $future))))
      (br_if $step (local.get $t)))
    ;; dV_g += h_{t-1}ᵀ·d_pre_g
    (call $gateOuterProducts (global.get $h) (i32.const 0) (i32.const 4)))

  ;; One training sample: the pair's sequence, forward, then backward; returns its loss.
  (func (export "lstmSample") (param $a i32) (param $b i32) (result f64)
    (local $loss f64)
    (call $pairSequence (local.get $a) (local.get $b))
    (local.set $loss (call $lstmForward))
    (call $lstmBackward)
    (local.get $loss))

  ;; ——— GRU (gruKernel.ts): gates z, r, h̃, linear_before_reset = 0 ———

  ;; Runs the sequence in xs, ys forward and returns the L1 loss Σ_t |o_t − y_t|.
  (func $gruForward (export "gruForward") (result f64)
    (local $t i32) (local $loss f64)
    (loop $each
      (local.set $loss
        (f64.add (local.get $loss)
          (f64.abs
            (f64.sub
              (call $gruStep (local.get $t) (i32.load8_u (i32.add (global.get $xs) (local.get $t))))
              (f64.convert_i32_u (i32.load8_u (i32.add (global.get $ys) (local.get $t))))))))
      (br_if $each (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 1))) (global.get $L))))
    (local.get $loss))

  ;; Step t with the input x = 2·a_t + b_t (gruKernel.ts step): the state after step t (row t + 1)
  ;; from the one before it (row t); returns o_t.
  (func $gruStep (export "gruStep") (param $t i32) (param $x i32) (result f64)
    (local $row i32) (local $prev i32) (local $cur i32) (local $gr i32) (local $tr i32) (local $j i32) (local $p i32)
    (local $mask v128) (local $z v128)
    (local.set $row (global.get $row))
    (local.set $prev (i32.add (global.get $h) (i32.mul (local.get $t) (local.get $row))))
    (local.set $cur (i32.add (local.get $prev) (local.get $row)))
    (local.set $gr (i32.add (global.get $gates) (i32.mul (local.get $t) (global.get $gateRow))))
    (local.set $tr (i32.add (global.get $aux) (i32.mul (local.get $t) (local.get $row))))
    ;; [z | r] = σ(h_{t-1}·[V_z | V_r] + x_t·[U_z | U_r] + [b_z | b_r])
    (call $gateProducts (select (local.get $prev) (i32.const 0) (local.get $t)) (i32.const 0) (i32.const 2) (global.get $pre))
    (call $preActivation (global.get $pre) (call $xURow (local.get $x)) (global.get $bh) (local.get $gr)
      (i32.shl (global.get $H) (i32.const 1)))
    (call $squashRow (local.get $gr) (i32.shl (global.get $H) (i32.const 1)) (i32.const 0))
    ;; r_t ⊙ h_{t-1}, into aux
    (local.set $j (i32.const 0))
    (loop $unit
      (local.set $mask
        (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
          (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
      (local.set $p (i32.add (local.get $tr) (local.get $j)))
      (v128.store (local.get $p)
        (v128.bitselect
          (f64x2.mul
            (v128.load (i32.add (i32.add (local.get $gr) (local.get $row)) (local.get $j)))
            (v128.load (i32.add (local.get $prev) (local.get $j))))
          (v128.load (local.get $p))
          (local.get $mask)))
      (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
    ;; h̃ = tanh((r_t ⊙ h_{t-1})·V_h + x_t·U_h + b_h)
    (call $gateProducts (select (local.get $tr) (i32.const 0) (local.get $t)) (i32.const 2) (i32.const 1)
      (i32.add (global.get $pre) (i32.shl (local.get $row) (i32.const 1))))
    (call $preActivation
      (i32.add (global.get $pre) (i32.shl (local.get $row) (i32.const 1)))
      (i32.add (call $xURow (local.get $x)) (i32.shl (local.get $row) (i32.const 1)))
      (i32.add (global.get $bh) (i32.shl (local.get $row) (i32.const 1)))
      (i32.add (local.get $gr) (i32.shl (local.get $row) (i32.const 1)))
      (global.get $H))
    (call $squashRow (i32.add (local.get $gr) (i32.shl (local.get $row) (i32.const 1))) (global.get $H) (i32.const 1))
    ;; h_t = (1 − z) ⊙ h̃ + z ⊙ h_{t-1}
    (local.set $j (i32.const 0))
    (loop $unit
      (local.set $mask
        (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
          (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
      (local.set $z (v128.load (i32.add (local.get $gr) (local.get $j))))
      (local.set $p (i32.add (local.get $cur) (local.get $j)))
      (v128.store (local.get $p)
        (v128.bitselect
          (f64x2.add
            (f64x2.mul
              (f64x2.sub (v128.load offset=2176 (i32.const 0)) (local.get $z))
              (v128.load (i32.add (i32.add (local.get $gr) (i32.shl (local.get $row) (i32.const 1))) (local.get $j))))
            (f64x2.mul (local.get $z) (v128.load (i32.add (local.get $prev) (local.get $j)))))
          (v128.load (local.get $p))
          (local.get $mask)))
      (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
    (call $gatedOutput (local.get $t) (local.get $cur)))

  ;; Adds the gradient of ½Σ_t(o_t − y_t)² for the latest forward pass into the gradients (BPTT).
  (func $gruBackward (export "gruBackward")
    (local $t i32) (local $row i32) (local $prev i32) (local $cur i32) (local $gr i32) (local $d i32) (local $j i32) (local $p i32)
    (local $mask v128) (local $one v128) (local $do v128) (local $dh v128) (local $z v128) (local $r v128) (local $hc v128)
    (local.set $row (global.get $row))
    (local.set $one (v128.load offset=2176 (i32.const 0)))
    (memory.fill (global.get $future) (i32.const 0) (local.get $row))
    (local.set $t (global.get $L))
    (loop $step
      (local.set $t (i32.sub (local.get $t) (i32.const 1)))
      (local.set $prev (i32.add (global.get $h) (i32.mul (local.get $t) (local.get $row))))
      (local.set $cur (i32.add (local.get $prev) (local.get $row)))
      (local.set $gr (i32.add (global.get $gates) (i32.mul (local.get $t) (global.get $gateRow))))
      ;; this step's row of dPre: [d_z | d_r | d_h̃]
      (local.set $d (i32.add (global.get $dPre) (i32.mul (local.get $t) (global.get $gateRow))))
      (local.set $do (f64x2.splat (call $outputGradient (local.get $t))))
      (local.set $j (i32.const 0))
      (loop $unit
        (local.set $mask
          (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
            (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
        ;; dW += h_tᵀ·d_o
        (local.set $p (i32.add (global.get $gW) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.add (v128.load (local.get $p)) (f64x2.mul (v128.load (i32.add (local.get $cur) (local.get $j))) (local.get $do)))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; d_h = d_o·W + what reaches h_t from step t+1
        (local.set $dh
          (f64x2.add
            (f64x2.mul (local.get $do) (v128.load (i32.add (global.get $W) (local.get $j))))
            (v128.load (i32.add (global.get $future) (local.get $j)))))
        (local.set $z (v128.load (i32.add (local.get $gr) (local.get $j))))
        (local.set $hc (v128.load (i32.add (i32.add (local.get $gr) (i32.shl (local.get $row) (i32.const 1))) (local.get $j))))
        ;; d_z = d_h·(h_{t-1} − h̃)·z(1 − z)
        (local.set $p (i32.add (local.get $d) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.mul
              (f64x2.mul (local.get $dh) (f64x2.sub (v128.load (i32.add (local.get $prev) (local.get $j))) (local.get $hc)))
              (f64x2.mul (local.get $z) (f64x2.sub (local.get $one) (local.get $z))))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; d_h̃ = d_h·(1 − z)·(1 − h̃²)
        (local.set $p (i32.add (local.get $p) (i32.shl (local.get $row) (i32.const 1))))
        (v128.store (local.get $p)
          (v128.bitselect
            (f64x2.mul
              (f64x2.mul (local.get $dh) (f64x2.sub (local.get $one) (local.get $z)))
              (f64x2.sub (local.get $one) (f64x2.mul (local.get $hc) (local.get $hc))))
            (v128.load (local.get $p))
            (local.get $mask)))
        ;; the part through z ⊙ h_{t-1}
        (local.set $p (i32.add (global.get $carry) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect (f64x2.mul (local.get $dh) (local.get $z)) (v128.load (local.get $p)) (local.get $mask)))
        (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
      ;; d(r ⊙ h_{t-1}) = d_h̃·V_hᵀ; at t = 0, h_{-1} = 0 gives r no gradient and nothing flows further back
      (if (local.get $t)
        (then
          (call $gateRowDots (i32.add (local.get $d) (i32.shl (local.get $row) (i32.const 1))) (i32.const 2) (i32.const 1)
            (global.get $dRh))))
      ;; d_r = d(r ⊙ h_{t-1})·h_{t-1}·r(1 − r)
      (local.set $j (i32.const 0))
      (loop $unit
        (local.set $mask
          (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
            (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
        (local.set $r (v128.load (i32.add (i32.add (local.get $gr) (local.get $row)) (local.get $j))))
        (local.set $p (i32.add (i32.add (local.get $d) (local.get $row)) (local.get $j)))
        (v128.store (local.get $p)
          (v128.bitselect
            (if (result v128) (local.get $t)
              (then
                (f64x2.mul
                  (f64x2.mul (v128.load (i32.add (global.get $dRh) (local.get $j))) (v128.load (i32.add (local.get $prev) (local.get $j))))
                  (f64x2.mul (local.get $r) (f64x2.sub (local.get $one) (local.get $r)))))
              (else (v128.const f64x2 0 0)))
            (v128.load (local.get $p))
            (local.get $mask)))
        (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))
      (call $inputGradients (local.get $t) (local.get $d))
      (if (local.get $t)
        (then
          ;; future = [d_z | d_r]·[V_z | V_r]ᵀ + z ⊙ d_h + r ⊙ d(r ⊙ h_{t-1})
          (call $gateRowDots (local.get $d) (i32.const 0) (i32.const 2) (global.get $future))
          (local.set $j (i32.const 0))
          (loop $unit
            (local.set $mask
              (select (v128.load offset=2240 (i32.const 0)) (v128.load offset=2224 (i32.const 0))
                (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $row))))
            (local.set $p (i32.add (global.get $future) (local.get $j)))
            (v128.store (local.get $p)
              (v128.bitselect
                (f64x2.add
                  (f64x2.add (v128.load (local.get $p)) (v128.load (i32.add (global.get $carry) (local.get $j))))
                  (f64x2.mul
                    (v128.load (i32.add (i32.add (local.get $gr) (local.get $row)) (local.get $j)))
                    (v128.load (i32.add (global.get $dRh) (local.get $j)))))
                (v128.load (local.get $p))
                (local.get $mask)))
            (br_if $unit (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $row))))))
      (br_if $step (local.get $t)))
    ;; dV_z, dV_r += h_{t-1}ᵀ·d_pre; dV_h += (r_t ⊙ h_{t-1})ᵀ·d_pre_h
    (call $gateOuterProducts (global.get $h) (i32.const 0) (i32.const 2))
    (call $gateOuterProducts (global.get $aux) (i32.const 2) (i32.const 1)))

  ;; One training sample: the pair's sequence, forward, then backward; returns its loss.
  (func (export "gruSample") (param $a i32) (param $b i32) (result f64)
    (local $loss f64)
    (call $pairSequence (local.get $a) (local.get $b))
    (local.set $loss (call $gruForward))
    (call $gruBackward)
    (local.get $loss)))
