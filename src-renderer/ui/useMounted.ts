// Whether the component is still mounted, for an answer that may arrive after
// it has gone (a read, a preview): true from its first effect until unmount.
import { useEffect, useRef, type RefObject } from 'react';

export function useMounted(): RefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
