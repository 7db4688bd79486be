/**
 * Client affinity: which member a request is pinned to (the gateway's own opaque cookie,
 * an application session cookie's {@code .route} suffix naming a member's route, a
 * {@code ;jsessionid=} path parameter, or the path or query parameter of httpd's
 * {@code COOKIE|param} form) and the cookie that pins a client to the member that
 * answered it.
 */
package dev.tandem.gateway.affinity;
