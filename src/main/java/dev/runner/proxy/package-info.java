/**
 * The runner's front proxy (Undertow): owns the user's port, holds requests while no worker is
 * ready, balances over workers, sends a request whose worker died before answering to another
 * when that is safe, counts requests for recycling. Talks to the supervisor only through plain
 * calls in and a callback out.
 */
package dev.runner.proxy;
