/**
 * The demo pages: the session counter ({@code /session}), {@code /hello} and the page
 * that shows which node served and the cluster's members.
 */
package dev.tandem.node.demo;
