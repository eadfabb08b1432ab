/**
 * The runner's control surface for tools, IDEs, coding agents and the browser: the state of the
 * dev loop kept from the supervisor's reports ({@link dev.runner.control.ControlState}), served as
 * JSON and server-sent events under {@code /_runner/} to loopback clients only
 * ({@link dev.runner.control.ControlHandler}), a restart guarded by a token in an owner-only state
 * file ({@link dev.runner.control.StateFile}), and the client side of {@code runner status} and
 * {@code runner restart} ({@link dev.runner.control.ControlClient}). Compiler messages are read out
 * of build output ({@link dev.runner.control.Diagnostics}) so the live-reload script can show
 * them over the page.
 */
package dev.runner.control;
