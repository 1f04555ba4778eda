/**
 * The seam between what asks for updates (the command line, the script host, the Jenkins steps' agent side)
 * and what supplies them: a {@link io.github.wudl.backend.Backend} opens an
 * {@link io.github.wudl.wua.UpdateSession} from a source and one {@link io.github.wudl.backend.SessionSettings}.
 * The settings are the options every backend takes, made once per command from the arguments and the
 * environment (the only place that reads {@code WUDL_*} variables for a session); each backend turns them into
 * its own configuration.
 *
 * <p>May use {@code wua} (the object model) and {@code transfer} (for its limits); the backends
 * ({@code portable}, {@code windows}) implement it, and {@code cli} and {@code script} use only this interface.
 */
package io.github.wudl.backend;
