export function specifiersOf(source: string): { specifier: string; line: number }[];
export function importProblems(root: string): string[];
