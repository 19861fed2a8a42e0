/**
 * The Workflows standard library. Pure functions run inline; blocking ones (http.*, sys.sleep*,
 * events.await_callback) are turned into requests by {@link dev.baton.engine.stdlib.Stdlib#prepareBlocking}
 * and performed by the engine, so this package does no I/O.
 */
package dev.baton.engine.stdlib;
