/**
 * The agent side of the Jenkins steps, kept in the engine so it is built and tested with it:
 * {@link io.github.wudl.agent.StepOptions} (the steps' options, their validation messages, the command line
 * they become) and {@link io.github.wudl.agent.AgentRunner} (runs {@code wudl download} or {@code wudl run}
 * as a child JVM on the agent, streams its log lines, reads its report, aborts it).
 *
 * <p>May use {@code io.github.wudl.cli} (option parsing, exit codes) and nothing Jenkins: the plugin is a thin
 * adapter over this package.
 */
package io.github.wudl.agent;
