/**
 * The step between "a source changed" and "restart": the user's own build command
 * ({@link dev.runner.build.RealBuilds}), or the in-process compiler ({@link dev.runner.build.JavacBuild})
 * set up from a {@code java -cp} COMMAND ({@link dev.runner.build.JavacSetup}) or, for a Maven
 * project, from its model: each module compiled with its own settings and processors
 * ({@link dev.runner.build.ModuleJavac}), the reactor in order ({@link dev.runner.build.ReactorBuild}),
 * filtered resources copied as Maven copies them ({@link dev.runner.build.ResourceSync}). The event
 * loop sees only {@link dev.runner.build.Builds} and hears back through its listener.
 */
package dev.runner.build;
