package dev.runner.control;

import java.util.Map;

/**
 * One server-sent event: {@code id} counts up from 1 for the runner's life, {@code name} is the
 * SSE event name ({@code state}, {@code change}, {@code build-started}, {@code build-failed},
 * {@code restart-started}, {@code ready}, {@code crashed}), {@code data} becomes its JSON.
 */
public record ControlEvent(long id, String name, Map<String, Object> data) {}
