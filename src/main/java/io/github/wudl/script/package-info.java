/**
 * The JavaScript host of wudl ({@code wudl run}, SPEC §5): Windows Script Host style scripts on GraalJS
 * against the WUA object model of {@link io.github.wudl.wua}.
 *
 * <p>Entry point: {@link io.github.wudl.script.ScriptHost}. It never chooses a backend: the caller hands it a
 * {@link io.github.wudl.script.SessionFactory} (the command line wires in the portable backend), so this
 * package uses nothing of wudl but {@code wua}.
 *
 * <p>Inside: every object a script reaches is a polyglot Proxy facade ({@code Dispatch} and its member
 * tables, case-insensitive as through IDispatch); the script's thread owns the context and runs an event
 * loop ({@code EventLoop}) to which the engine's callback threads only post; {@code RunControl} ends a run
 * (WScript.Quit, timeout, interrupt) by cancelling the context; {@code prelude.js} adds {@code Enumerator}
 * and removes the globals the sandbox does not offer.
 */
package io.github.wudl.script;
