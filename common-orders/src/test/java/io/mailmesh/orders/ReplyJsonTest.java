package io.mailmesh.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplyJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final String AWKWARD = "quote \" backslash \\ slash / tab \t newline \n return \r bell \u0007"
            + " nul \u0000 unit \u001f del \u007f accent é euro € emoji \uD83D\uDCE8 lone \uD800 end";

    @Test
    void aReplyIsWrittenByteForByteAsJacksonWritesIt() throws Exception {
        Reply reply = Reply.ok(AWKWARD, Map.of(Keys.MESSAGE_ID, "m\"1", Keys.DISCUSSION_ID, AWKWARD));

        byte[] written = ReplyJson.encode(reply);

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new String(jackson(reply), StandardCharsets.UTF_8));
    }

    @Test
    void anErrorReplyIsWrittenWithItsCodeBeforeItsMessage() throws Exception {
        Reply reply = Reply.failure("bad\norder", AWKWARD);

        byte[] written = ReplyJson.encode(reply);

        assertThat(written).isEqualTo(jackson(reply));
        assertThat(new String(written, StandardCharsets.UTF_8)).startsWith("{\"error\":true,\"code\":\"bad\\norder\"");
    }

    @Test
    void whatIsWrittenDecodesBackToTheSameReply() {
        Reply reply = Reply.ok(AWKWARD, Map.of("a\tkey", AWKWARD));

        assertThat(new OrderCodec().decodeReply(ReplyJson.encode(reply))).isEqualTo(reply);
    }

    /** The reply as Jackson's default generator writes it, keys in the encoder's order. */
    private static byte[] jackson(Reply reply) throws Exception {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("error", reply.error());
        if (reply.code() != null) {
            tree.put("code", reply.code());
        }
        tree.put("message", reply.message());
        tree.putAll(reply.fields());
        return JACKSON.writeValueAsBytes(tree);
    }
}
