package io.mailmesh.e2e;

import java.time.Duration;

/**
 * {@code bin/mesh demo}: runs {@link DemoScenario} against a running mesh and prints each order crossing NATS.
 * Settings: {@code API_URL} (http://127.0.0.1:8080), {@code NATS_URL} (nats://127.0.0.1:4250), {@code MAIL_HOST}
 * (127.0.0.1), {@code MAIL_SMTP_PORT} (3025), {@code MAIL_IMAP_PORT} (3143), {@code MAIL_USER},
 * {@code MAIL_PASSWORD}, {@code MAIL_ADDRESS} (demo, demo, demo@mailmesh.local), {@code DEMO_WAIT_SECONDS} (150).
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        String mailHost = MeshTools.env("MAIL_HOST", "127.0.0.1");
        DemoScenario.Settings settings = new DemoScenario.Settings(
                MeshTools.env("API_URL", "http://127.0.0.1:8080"), mailHost,
                Integer.parseInt(MeshTools.env("MAIL_IMAP_PORT", "3143")), mailHost,
                Integer.parseInt(MeshTools.env("MAIL_SMTP_PORT", "3025")), MeshTools.env("MAIL_USER", "demo"),
                MeshTools.env("MAIL_PASSWORD", "demo"), MeshTools.env("MAIL_ADDRESS", "demo@mailmesh.local"), 1,
                Duration.ofSeconds(Long.parseLong(MeshTools.env("DEMO_WAIT_SECONDS", "150"))));
        try (MeshTail tail = new MeshTail(MeshTools.env("NATS_URL", "nats://127.0.0.1:4250"),
                line -> System.out.println("   nats " + line))) {
            DemoScenario.Outcome outcome = new DemoScenario(settings, System.out::println).run();
            System.out.println("demo done: user " + outcome.userId() + ", " + outcome.messages().size()
                    + " messages; the IMAP mail is " + outcome.inbound().path("id").asText());
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
