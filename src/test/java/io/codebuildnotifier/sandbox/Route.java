package io.codebuildnotifier.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * One fake behind the {@link LoopbackServer}: the server asks each route in turn whether it
 * {@link #handles} a request and lets the first that does {@link #handle} it. A new fake is a new
 * class implementing this, listed in {@link Sandbox}'s fields (routes and fixture loading).
 */
interface Route {

    boolean handles(Request request);

    /** The answer, or {@code null} to close the connection without one ({@link Sandbox.Fault#DROP_CONNECTION}). */
    Reply handle(Request request);

    /** Loads this fake's part of a fixtures directory laid out as in {@code events/sandbox/README.md}. */
    default void load(Path fixtures) {
    }

    /** One HTTP request, fully read. {@code headers} are case-insensitive, as the JDK server gives them. */
    record Request(String method, URI uri, Headers headers, byte[] body) {

        String path() {
            return uri.getPath();
        }

        /** The first value of a header, or {@code null}. */
        String header(String name) {
            return headers.getFirst(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What a route answers: status, content type ({@code null} for none), body ({@code null} for none), headers. */
    record Reply(int status, String contentType, String body, Map<String, String> headers) {

        static Reply json(int status, String contentType, JsonNode body) {
            return new Reply(status, contentType, body.toString(), Map.of());
        }

        /** The reply for an injected fault, or {@code null} to drop the connection. */
        static Reply fault(Sandbox.Fault fault, String defaultContentType) {
            if (fault instanceof Sandbox.Fault.HttpStatus status) {
                return new Reply(status.status(), status.body() == null ? null : defaultContentType, status.body(),
                        status.headers());
            }
            if (fault instanceof Sandbox.Fault.Stall stall) {
                try {
                    Thread.sleep(stall.duration().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        }
    }
}
