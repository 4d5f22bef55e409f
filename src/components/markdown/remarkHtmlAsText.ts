interface MdastNode {
  type: string;
  value?: string;
  children?: MdastNode[];
}

/**
 * Turns raw HTML in assistant content into literal text. The protocol says raw HTML is
 * shown, never rendered; react-markdown would otherwise drop it silently.
 */
export function remarkHtmlAsText() {
  return (tree: MdastNode) => {
    const stack = [tree];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'html') node.type = 'text';
      if (node.children) stack.push(...node.children);
    }
  };
}
