package io.dataplug.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.core.format.DataFormatException;
import io.dataplug.core.storage.CredentialsInUriException;
import io.dataplug.core.storage.ObjectLocation;
import org.junit.jupiter.api.Test;

/** Messages never carry secrets or raw control bytes (issue 7.4 and 7.6). */
class MessagesTest {

    static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void credentialsInObjectUrisAreRefusedWithoutRepeatingThem() {
        for (String uri : new String[] {"s3://" + KEY_ID + ":" + SECRET + "@raw/reads.fq", "s3://" + KEY_ID + "@raw/x",
                "file://user:" + SECRET.replace("/", "") + "@localhost/etc/passwd"}) {
            assertThatThrownBy(() -> ObjectLocation.parse(uri)).isInstanceOf(CredentialsInUriException.class)
                    .hasMessageContaining("Secret").hasMessageContaining("***@")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_ID).doesNotContain("K7MDENG"));
        }
        // '@' and ':' in a key are fine
        assertThat(ObjectLocation.parse("s3://raw/a@b:c.txt").key()).isEqualTo("a@b:c.txt");
    }

    @Test
    void secretShapedTextIsRedacted() {
        String text = "GET s3://" + KEY_ID + ":" + SECRET + "@raw/x failed; AWS_SECRET_ACCESS_KEY=" + SECRET
                + " password: hunter2 X-Amz-Signature=abcdef0123 key " + KEY_ID + " endpoint http://minio:9000/raw";
        String safe = Messages.redact(text);
        assertThat(safe).doesNotContain("K7MDENG").doesNotContain(KEY_ID).doesNotContain("hunter2")
                .doesNotContain("abcdef0123").contains("s3://***@raw/x").contains("AWS_SECRET_ACCESS_KEY=***")
                .contains("http://minio:9000/raw");
        assertThat(Messages.redact("s3://raw/key@version and file:///tmp/a@b"))
                .isEqualTo("s3://raw/key@version and file:///tmp/a@b");
    }

    @Test
    void controlCharactersAreEscaped() {
        assertThat(Messages.printable("POS '\u001b[31mred\u001b[0m'\r\n\t\u0000\u2028"))
                .isEqualTo("POS '\\x1b[31mred\\x1b[0m'\\r\\n\\t\\x00\\x2028");
        assertThat(Messages.printable("plain é 日本")).isEqualTo("plain é 日本");
        assertThat(new DataFormatException("s3://b/k", 5, 2, "bad '\u001b]0;title\u0007'", "hint\u001b[2J").getMessage())
                .doesNotContain("\u001b").doesNotContain("\u0007").contains("\\x1b]0;title\\x07").contains("hint\\x1b[2J");
    }
}
