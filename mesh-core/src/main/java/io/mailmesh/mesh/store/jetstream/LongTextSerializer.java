package io.mailmesh.mesh.store.jetstream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes a long text (a mail body) from its UTF-8 bytes, which the generator then only escapes: the JDK's encoder
 * is several times faster than the generator's character-by-character path for non-ASCII text, the largest cost of
 * storing a mail. Short strings take the usual path. A lone surrogate, which no valid text holds, becomes '?'.
 */
final class LongTextSerializer extends StdScalarSerializer<String> {
    static final int MIN_LENGTH = 256;

    LongTextSerializer() {
        super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        if (value.length() < MIN_LENGTH || !(gen instanceof UTF8JsonGenerator)) {
            gen.writeString(value);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        gen.writeUTF8String(utf8, 0, utf8.length);
    }
}
