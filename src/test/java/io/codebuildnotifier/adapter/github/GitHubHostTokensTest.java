package io.codebuildnotifier.adapter.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.codebuildnotifier.kernel.Deadline;
import io.codebuildnotifier.kernel.Patience;
import io.codebuildnotifier.kernel.TransientFailure;
import io.codebuildnotifier.git.Repository;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which token goes where: a GitHub token only ever travels to the host it is for. */
class GitHubHostTokensTest {
    private static final Deadline DEADLINE = Deadline.in(Duration.ofMinutes(1));
    private static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> hostsAsked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ("{\"sha\":\"" + SHA + "\",\"commit\":{\"author\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},"
                    + "\"committer\":{\"name\":\"Ada\",\"email\":\"ada@example.com\"},\"message\":\"Fix\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private GitHubHost host() {
        GitHubHost.Tokens tokens = (apiHost, deadline) -> {
            hostsAsked.add(apiHost);
            return apiHost.equals("127.0.0.1") ? Optional.of("ghp_com") : Optional.empty();
        };
        return new GitHubHost(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), tokens, new Patience(d -> { }));
    }

    @Test
    void githubComRepositoriesUseTheTokenForTheConfiguredApiHost() {
        Repository repo = Repository.parse("GITHUB", "https://github.com/acme/widgets.git").orElseThrow();
        assertEquals("Ada", host().commit(repo, SHA, DEADLINE).authorName());
        assertEquals(List.of("127.0.0.1"), hostsAsked);
        assertEquals(List.of("Bearer ghp_com"), authorizations);
    }

    @Test
    void anEnterpriseRepositoryIsAskedForItsOwnHostsToken() {
        // the project's source names a host of its own: it must not be given the github.com token
        Repository repo = Repository.parse("GITHUB_ENTERPRISE", "https://ghe.attacker.example/acme/widgets.git")
                .orElseThrow();
        assertThrows(TransientFailure.class, () -> host().commit(repo, SHA, DEADLINE));
        assertEquals("ghe.attacker.example", hostsAsked.get(0));
        assertEquals(List.of(), authorizations);
    }
}
