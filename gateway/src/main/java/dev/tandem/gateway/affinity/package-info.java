/**
 * Client affinity: which member a request is pinned to (the gateway's own opaque cookie,
 * an application session cookie's {@code .route} suffix, a {@code ;jsessionid=} path
 * parameter) and the cookie that pins a client to the member that answered it.
 */
package dev.tandem.gateway.affinity;
