/** The small agent jars the runner writes for its child JVMs (the standby's, the hotswap agent's). */
package dev.runner.jars;
