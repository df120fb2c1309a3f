// Apart from the page itself, so that the HTTP edge can hash it without loading React.

/** The page's only style; the Content-Security-Policy allows it by its hash (http-edge.ts). */
export const PERSONAL_STYLE = `body{margin:0;font:1.125rem/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
main{max-width:34rem;margin:0 auto;padding:.75rem 1rem}h1{font-size:1.4rem;line-height:1.3;margin:.25rem 0}h2{font-size:1.2rem;margin:1.25rem 0 .4rem;border-top:2px solid #c9c9c9;padding-top:.75rem}
.meta,.hint{margin:0;color:#4a4a4a;font-size:1rem}ul{list-style:none;padding:0;margin:0}li{border-bottom:1px solid #c9c9c9;padding:.4rem 0}
.total{font-weight:700;font-size:1.15rem}.met{color:#135e2a}.short{color:#7a4b00}
.tag{display:inline-block;font-size:.95rem;font-weight:700;padding:0 .4rem;border-radius:.25rem;border:2px solid}.pending{color:#7a4b00;background:#fff3c4}.confirmed{color:#135e2a;background:#e3f4e8}.returned{color:#b00020;background:#fde8ea}
.field{margin:0 0 .75rem}label,legend{display:block;font-weight:700;line-height:1.3}fieldset{border:0;padding:0;margin:0 0 .75rem}.choice{display:flex;align-items:center;gap:.5rem;font-weight:400}
input,select,textarea{font:inherit;width:100%;min-height:2.75rem;padding:.3rem .6rem;border:2px solid #6b6b6b;border-radius:.3rem;background:#fff;color:#1a1a1a;box-sizing:border-box}input[type=radio]{width:1.5rem;min-height:1.5rem;margin:0}
button{font:inherit;font-weight:700;width:100%;min-height:3rem;border:0;border-radius:.4rem;background:#a3141d;color:#fff;margin:.25rem 0}.lang{background:none;color:#7d0f16;text-decoration:underline;font-weight:400;width:auto;min-height:2.75rem;padding:0}
.error{margin:0;color:#b00020;font-weight:700}[aria-invalid=true]{border:3px solid #b00020}.summary{border:3px solid #b00020;padding:.25rem .75rem;margin:.5rem 0}
.sent{background:#e3f4e8;border:3px solid #135e2a;padding:.5rem .75rem;border-radius:.4rem;font-weight:700}
a{color:#7d0f16}:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}
.pass{background:#fff;color:#000;text-align:center;padding:.5rem 0}.pass-show{font-weight:700;font-size:1.2rem;margin:0 0 .5rem}.pass-qr{width:min(100%,20rem);margin:0 auto;background:#fff}.pass-qr svg{display:block;width:100%;height:auto}
.pass-name{font-size:1.4rem;font-weight:700;margin:.25rem 0 0}.pass-code{margin:0;font-size:1.1rem}.pass-code-value{font:700 1.4rem/1.4 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.08em}.pass-code-group{white-space:nowrap}`;
