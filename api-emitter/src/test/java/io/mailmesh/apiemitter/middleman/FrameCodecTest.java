package io.mailmesh.apiemitter.middleman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 003's frame syntax: dot-terminated, dot-stuffed bodies, headers in order, bodiless commands. */
class FrameCodecTest {
    private static final int LIMIT = 65_536;

    @Test
    void givenTheSeedsFrame_thenCommandTargetHeadersAndBodyAreRead() throws Exception {
        Frame frame = FrameCodec.parse("REQ #Name\nReqID:42\nX-Trace: abc\n\nline one\n..starts with a dot\n.\n",
                LIMIT);

        assertThat(frame.command()).isEqualTo(Command.REQ);
        assertThat(frame.target()).isEqualTo("#Name");
        assertThat(frame.reqId()).isEqualTo("42");
        assertThat(frame.headers()).containsExactly(Map.entry("ReqID", "42"), Map.entry("X-Trace", "abc"));
        assertThat(frame.body()).isEqualTo("line one\n.starts with a dot");
    }

    @Test
    void givenAnyBody_whenEncodedAndReadBack_thenItIsTheSame() throws Exception {
        for (String body : new String[] {"", "\n", ".", "..", "a\n.\nb", ".\n.", "trailing\n", "é ✓ 漢字", "\r\n."}) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("K", "v");
            String text = FrameCodec.encode(Command.PUB, "t", headers, body);
            assertThat(FrameCodec.parse(text, LIMIT).body()).as("body %s", body).isEqualTo(body);
        }
    }

    @Test
    void givenCrLfLineEnds_thenTheyAreReadAsLineEnds() throws Exception {
        Frame frame = FrameCodec.parse("PUB t\r\nA:1\r\n\r\nbody\r\n.\r\n", LIMIT);

        assertThat(frame.headers()).containsExactly(Map.entry("A", "1"));
        assertThat(frame.body()).isEqualTo("body\r");
    }

    @Test
    void givenABodilessCommandAlone_thenItIsAccepted_butABodyCommandAloneIsNot() throws Exception {
        assertThat(FrameCodec.parse("SUB news", LIMIT).command()).isEqualTo(Command.SUB);
        assertThat(FrameCodec.parse("EPUB news\n", LIMIT).command()).isEqualTo(Command.EPUB);
        assertThatThrownBy(() -> FrameCodec.parse("PUB news\n", LIMIT)).isInstanceOf(FrameException.class)
                .hasMessageContaining("single dot");
    }

    @Test
    void givenAnErrorFrame_thenItIsAFrameOfItsOwnWithCodeAndReqId() {
        assertThat(FrameCodec.error("t", "9", "no_service", "no service serves t"))
                .isEqualTo("ERR t\nCode:no_service\nReqID:9\n\nno service serves t\n.\n");
        assertThat(FrameCodec.error(null, null, "unknown_command", ".x")).isEqualTo(
                "ERR -\nCode:unknown_command\n\n..x\n.\n");
    }
}
