package io.mailmesh.mesh.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mailmesh.orders.Routes;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The order log line quotes a sender's text on one printable line: a hostile order cannot forge log lines. */
class LoggingMiddlewareTest {
    @Test
    void givenAFailureQuotingCrLfAndNonAscii_whenLogged_thenTheLineHoldsNoControlCharacter() throws Exception {
        // given
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger orders = (Logger) LoggerFactory.getLogger("io.mailmesh.orders");
        logs.start();
        orders.addAppender(logs);
        String hostile = "délivrer\r\n2026-12-01 INFO forged line";
        Step failing = invocation -> Result.failed(new Failure("unknown_order", "unknown order " + hostile, false,
                400, null), hostile);
        try {
            // when
            new LoggingMiddleware().wrap(failing).invoke(new Invocation(Routes.OUTBOUND_SMTP, new byte[0], null,
                    "c1", 1, null, null));
        } finally {
            orders.detachAppender(logs);
        }

        // then
        assertThat(logs.list).hasSize(1);
        String line = logs.list.get(0).getFormattedMessage();
        assertThat(line).doesNotContain("\r", "\n", "é").contains("d\\u00E9livrer  2026-12-01 INFO forged line");
    }
}
