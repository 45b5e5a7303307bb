// How a fired fault that is not the cloud's own error turns into bytes on the wire: an HTML
// gateway page, or damage to the good reply (garbage, half a body, wrong content type, nothing).

import type { BodyFaultKind } from './faults.js';
import type { SimReply } from './types.js';

const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

export const MALFORMED_BODY = '{"status": "running", "upgrade_step": <<<not json';

const HTML_TYPE = 'text/html; charset=utf-8';

/** A load balancer's 502 page: HTML, not the cloud's JSON error. */
export function badGatewayReply(): SimReply {
  return { status: 502, headers: { 'content-type': HTML_TYPE }, body: BAD_GATEWAY_HTML };
}

export function damageReply(reply: SimReply, kind: BodyFaultKind): SimReply {
  const headers = { ...reply.headers };
  switch (kind) {
    case 'malformed':
      return { status: reply.status, headers, body: MALFORMED_BODY };
    case 'truncated':
      return { status: reply.status, headers, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
    case 'content-type':
      return {
        status: reply.status,
        headers: { ...withoutContentType(headers), 'content-type': HTML_TYPE },
        body: reply.body,
      };
    case 'empty':
      return { status: 200, headers, body: '' };
  }
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'),
  );
}
