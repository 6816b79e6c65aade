// A webhook receiver for the tests. Every delivery is verified with the Standard Webhooks reference library, once
// with the endpoint's secret (must pass) and once with a wrong secret (must fail). Control:
//   POST /_configure {"name", "secret", "plan": [status, ...]}   answers for the next deliveries (then 200)
//   GET  /_received/<name>                                      what arrived, in order
// Deliveries: POST /hook/<name>. Prints "LISTENING <port>" when ready.
import http from 'node:http';
import { Webhook } from 'standardwebhooks';

const WRONG = 'whsec_' + Buffer.from('a wrong secret of thirty-two by.').toString('base64');
const endpoints = new Map();

function verify(secret, body, headers) {
  return new Webhook(secret).verify(body, {
    'webhook-id': headers['webhook-id'],
    'webhook-timestamp': headers['webhook-timestamp'],
    'webhook-signature': headers['webhook-signature'],
  });
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://receiver');
  let body = '';
  for await (const chunk of req) body += chunk;
  if (req.method === 'POST' && url.pathname === '/_configure') {
    const c = JSON.parse(body);
    endpoints.set(c.name, { secret: c.secret, plan: c.plan || [], received: [] });
    res.setHeader('content-type', 'application/json');
    res.end('{}');
    return;
  }
  if (req.method === 'GET' && url.pathname.startsWith('/_received/')) {
    const e = endpoints.get(decodeURIComponent(url.pathname.slice('/_received/'.length)));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(e ? e.received : []));
    return;
  }
  if (req.method === 'POST' && url.pathname.startsWith('/hook/')) {
    const e = endpoints.get(decodeURIComponent(url.pathname.slice('/hook/'.length)));
    if (!e) {
      res.statusCode = 404;
      res.end();
      return;
    }
    let payload = null;
    let error = null;
    try {
      payload = verify(e.secret, body, req.headers);
    } catch (err) {
      error = String(err && err.message ? err.message : err);
    }
    let wrongSecretFails = false;
    try {
      verify(WRONG, body, req.headers);
    } catch {
      wrongSecretFails = true;
    }
    const status = e.plan.length ? e.plan.shift() : 200;
    e.received.push({
      id: req.headers['webhook-id'] || null,
      verified: payload !== null,
      wrong_secret_fails: wrongSecretFails,
      error,
      type: payload ? payload.type : null,
      data: payload ? payload.data : null,
      answered: status,
      body,
    });
    res.statusCode = status;
    res.end();
    return;
  }
  res.statusCode = 404;
  res.end();
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log('LISTENING ' + server.address().port);
});
