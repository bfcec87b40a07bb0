"""Cross-site scripting payloads for the public reply form: filter-evasion forms from the
OWASP cheat sheet and later mutation and SVG tricks (event handlers, javascript: and encoded
URLs, SVG and MathML, malformed tags, nested quotes). Each would run script if it survived."""

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
    "&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083"
    "&#0000083&#0000039&#0000041\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;"
    "&#40;&#39;&#88;&#83;&#83;&#39;&#41;\">decimal entities</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27"
    "&#x58&#x53&#x53&#x27&#x29\">hex entities</a>",
    "<a href=\"jav\tascript:alert('XSS');\">embedded tab</a>",
    "<a href=\"jav&#x09;ascript:alert('XSS');\">encoded tab</a>",
    "<a href=\"jav&#x0A;ascript:alert('XSS');\">encoded newline</a>",
    "<a href=\" &#14;  javascript:alert('XSS');\">leading spaces and meta characters</a>",
    "<a href=\"java&#0000115;cript:alert(1)\">padded entity</a>",
    "<a href=\"javascript&colon;alert(1)\">named colon</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">mixed case</a>",
    "<a href=\"\x01javascript:alert(1)\">control character</a>",
    "<a href=\"vbscript:msgbox(1)\">vbscript</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data URL</a>",
    "<a href=\"//xss.example/\">protocol-relative</a>",
    "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.example/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">svg link</text></a></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<a href=\"https://example.org\" onclick=\"alert(1)\" style=\"position:fixed;top:0\">styled link</a>",
    "<b onmouseover=alert(1)>bold with handler</b>",
    "<blockquote cite=\"javascript:alert(1)\">quote with script cite</blockquote>",
    "<q cite=\"javascript:alert(1)\" onfocus=alert(1) tabindex=1 autofocus>q with autofocus</q>",
    "<abbr title=\"x\" onmouseenter=\"alert(1)\">abbr with handler</abbr>",
    "<a title='\"><script>alert(1)</script>'>quoted title</a>",
    "<a href=\"https://example.org/\" title=\"x\" onfocus=\"alert(1)\" autofocus>autofocus link</a>",
    "<del datetime=\"2024\" onclick=alert(1)>del with handler</del>",
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<div style=\"background:url(javascript:alert(1))\">div</div>",
    "<form action=\"javascript:alert(1)\"><button>go</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<link rel=import href=\"data:text/html,<script>alert(1)</script>\">",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>marquee</marquee>",
    "\"><img src=x onerror=alert(1)>",
    "'';!--\"<XSS>=&{()}",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "</textarea><img src=x onerror=alert(1)>",
    "<img src=\"x:gif\" onerror=\"window['al'+'ert'](1)\">",
    "<template><script>alert(1)</script></template>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<a href=\"https://example.org/\"<script>alert(1)</script>>malformed</a>",
    "<a href=\"mailto:someone@example.org\" onmouseover=\"alert(1)\">mail with handler</a>",
    "<img src=x onerror=\"window.__pwned = true\">",
    "<svg><style>{font-family:'<iframe/onload=confirm(1)>'}</style></svg>",
    "<a href=\"javascript:void(0)\" onclick=\"prompt(1)\">prompt</a>",
]

# Every tag and attribute the founding page allowed, which must come out as written (with rel added).
ALLOWED_SAMPLE = (
    '<a href="https://example.org/x" title="Example">link</a> '
    '<abbr title="Automatic Number Plate Recognition">ANPR</abbr> '
    '<acronym title="Closed-circuit television">CCTV</acronym> <b>bold</b> '
    '<blockquote cite="https://example.org/q">quoted</blockquote> <cite>a citation</cite> <code>code</code> '
    '<del datetime="2024-01-01">deleted</del> <em>emphasis</em> <i>italic</i> '
    '<q cite="https://example.org/q">inline quote</q> <s>struck</s> <strike>strike</strike> '
    '<strong>strong</strong> <a href="mailto:someone@example.org">mail</a> <a href="http://example.org/">plain</a>'
)
# What must be in the page for ALLOWED_SAMPLE: CSS selectors within the reply.
ALLOWED_SELECTORS = [
    'a[href="https://example.org/x"][title="Example"][rel="nofollow noopener"]',
    'abbr[title="Automatic Number Plate Recognition"]', 'acronym[title="Closed-circuit television"]', "b",
    'blockquote[cite="https://example.org/q"]', "cite", "code", 'del[datetime="2024-01-01"]', "em", "i",
    'q[cite="https://example.org/q"]', "s", "strike", "strong",
    'a[href="mailto:someone@example.org"][rel="nofollow noopener"]',
    'a[href="http://example.org/"][rel="nofollow noopener"]',
]
