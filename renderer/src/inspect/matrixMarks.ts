/** Rows and columns of a matrix to outline in its heatmap. */
export interface MatrixMarks {
  rows: number[];
  cols: number[];
}
