package dev.runner.sample;

/**
 * The text served at {@code /}: the line a user edits to watch a hot reload.
 * It is a method rather than a constant so that javac does not copy the text
 * into other classes, and recompiling this one file is enough.
 */
public final class Greeting {

    private Greeting() {
    }

    public static String text() {
        // Edit this line and save.
        return "Hello from sample-app";
    }
}
