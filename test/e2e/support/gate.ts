// A gate a test holds a request (or anything async) at: `passed` resolves once `open()` is called.
export interface Gate {
  passed: Promise<void>;
  open: () => void;
}

export function gate(): Gate {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => (open = resolve));
  return { passed, open };
}
