import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import type { Extension as MicromarkExtension } from 'micromark-util-types';
import type { Processor } from 'unified';

// The fields remark-parse reads; its own type declarations for them are not in scope here.
interface ParserData {
  micromarkExtensions?: (MicromarkExtension | MicromarkExtension[])[];
  fromMarkdownExtensions?: (FromMarkdownExtension | FromMarkdownExtension[])[];
}

/**
 * GitHub-flavoured markdown (tables, strikethrough, task lists, autolinks, footnotes) for
 * parsing only. remark-gfm also registers GFM's markdown serializer, which react-markdown
 * never calls; leaving it out keeps about 6 KiB out of the first download.
 */
export function remarkGfmSyntax(this: Processor) {
  const data = this.data() as ParserData;
  (data.micromarkExtensions ??= []).push(gfm());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}
