/**
 * The gateway as the session cluster's witness (H6): it sees every was-node and stands
 * outside any split between them, so it decides which cluster view serves, routes only to
 * that view's nodes, and holds back an answer written in a view that has not won.
 */
package dev.tandem.gateway.witness;
