package io.codebuildnotifier.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.codebuildnotifier.sandbox.Route.Reply;
import io.codebuildnotifier.sandbox.Route.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One JDK {@link HttpServer} on 127.0.0.1, ephemeral port, daemon threads: reads each request,
 * gives it to the first {@link Route} that handles it (404 {@code no sandbox route} if none),
 * writes the reply, tells the {@link Sandbox.RequestListener}. A route that throws answers 500.
 */
final class LoopbackServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY, every request waits ~40 ms for a delayed ACK (Nagle's algorithm):
        // the JDK server reads it once, when its configuration class loads
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final List<Route> routes;
    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Sandbox.RequestListener listener;

    LoopbackServer(List<Route> routes) {
        this.routes = List.copyOf(routes);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void listen(Sandbox.RequestListener listener) {
        this.listener = listener;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Sandbox.RequestListener told = listener;
        if (told == null) {
            answer(exchange, () -> { });
            return;
        }
        told.started();
        boolean[] answered = {false};
        Runnable ready = () -> {
            if (!answered[0]) {
                answered[0] = true;
                told.answered();
            }
        };
        try {
            answer(exchange, ready);
        } finally {
            ready.run();
        }
    }

    /** Answers one request; {@code ready} runs once the answer is known, before it is written. */
    private void answer(HttpExchange exchange, Runnable ready) throws IOException {
        try {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
            Route route = routes.stream().filter(r -> r.handles(request)).findFirst().orElse(null);
            Reply reply = route != null ? route.handle(request)
                    : new Reply(404, "text/plain; charset=utf-8", "no sandbox route for " + request.path(), Map.of());
            ready.run();
            // null means DROP_CONNECTION: closing an exchange before sending headers closes the socket
            if (reply != null) {
                send(exchange, reply);
            }
        } catch (RuntimeException e) {
            ready.run();
            try {
                send(exchange, new Reply(500, "text/plain; charset=utf-8", "sandbox failure: " + e, Map.of()));
            } catch (IOException alreadyAnswered) {
                e.addSuppressed(alreadyAnswered);
            }
            throw e;
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.contentType() != null && !reply.headers().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
