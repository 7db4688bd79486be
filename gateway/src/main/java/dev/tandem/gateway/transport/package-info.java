/**
 * Which network transport Reactor Netty serves the gateway on (native epoll where Netty
 * ships it for the platform, Java NIO elsewhere), said once in the log at start-up.
 */
package dev.tandem.gateway.transport;
