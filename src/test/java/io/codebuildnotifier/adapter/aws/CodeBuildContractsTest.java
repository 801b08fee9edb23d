package io.codebuildnotifier.adapter.aws;

import io.codebuildnotifier.e2e.ReportFixture;
import io.codebuildnotifier.sandbox.Sandbox;
import io.codebuildnotifier.sources.build.Build;
import io.codebuildnotifier.sources.build.TestReports;
import io.codebuildnotifier.testkit.TestReportsContract;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;

/** The CodeBuild contracts, on the CodeBuild adapters through the real SDK against the sandbox's CodeBuild. */
class CodeBuildContractsTest {
    private static Sandbox sandbox;
    private static CodeBuildClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.empty("xoxb-test");
        client = client(sandbox);
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.close();
    }

    static CodeBuildClient client(Sandbox sandbox) {
        return CodeBuildClient.builder().endpointOverride(URI.create(sandbox.awsEndpoint()))
                .region(Region.of(Sandbox.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** A test report (and a coverage report) in the sandbox saying what {@code given} says. */
    static List<String> reportsSaying(Sandbox sandbox, TestReportsContract.Given given) {
        ReportFixture tests = ReportFixture.tests("widgets-ci-unit-tests").passed("com.acme.widgets.PassingTest",
                given.passed());
        for (int i = 0; i < given.skipped(); i++) {
            tests.testCase("com.acme.widgets.SkippedTest", "skipped" + i, "SKIPPED", "disabled");
        }
        for (TestReportsContract.Failure f : given.failures()) {
            int dot = f.name().lastIndexOf('.');
            tests.testCase(f.name().substring(0, dot), f.name().substring(dot + 1), "FAILED", f.message());
        }
        List<String> arns = new ArrayList<>(List.of(tests.into(sandbox)));
        if (given.lineCoverage() >= 0) {
            arns.add(ReportFixture.coverage("widgets-ci-coverage", given.lineCoverage()).into(sandbox));
        }
        return arns;
    }

    @Nested
    class Reports extends TestReportsContract {
        @Override
        protected Subject newSubject() {
            return new Subject() {
                @Override
                public TestReports reports() {
                    // small pages, so that the contract's longer lists are read over several
                    return new CodeBuildReports(client, 7, line -> { });
                }

                @Override
                public Build finished(Given given) {
                    return build(reportsSaying(sandbox, given).toArray(String[]::new));
                }

                @Override
                public Build generating() {
                    return build(ReportFixture.tests("widgets-ci-unit-tests").status("GENERATING").into(sandbox));
                }

                @Override
                public Build vanished() {
                    return build(reportArn("unit-tests"));
                }
            };
        }
    }
}
