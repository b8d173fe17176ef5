package dev.cutover.sandbox.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {

    /** AWS's published SigV4 test suite case "get-vanilla". */
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String VANILLA = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    @Test
    void verify_awsTestSuiteGetVanilla_matches() {
        SigV4.Authorization auth = SigV4.parse(VANILLA);

        assertThat(auth.accessKeyId()).isEqualTo("AKIDEXAMPLE");
        assertThat(auth.service()).isEqualTo("service");
        assertThat(auth.signedHeaders()).containsExactly("host", "x-amz-date");
        assertThat(verify(auth, SECRET, "example.amazonaws.com")).isTrue();
    }

    @Test
    void verify_wrongSecretOrChangedHeader_doesNotMatch() {
        SigV4.Authorization auth = SigV4.parse(VANILLA);

        assertThat(verify(auth, SECRET + "x", "example.amazonaws.com")).isFalse();
        assertThat(verify(auth, SECRET, "example.amazonaws.com:80")).isFalse();
    }

    @Test
    void canonicalQuery_sortsAndReencodesEveryComponent() {
        assertThat(SigV4.canonicalQuery("b=2&a=x%20y&a=1&c=%7e&d=a+b")).isEqualTo("a=1&a=x%20y&b=2&c=~&d=a%2Bb");
        assertThat(SigV4.canonicalQuery(null)).isEmpty();
    }

    @Test
    void uriEncode_encodesReservedBytesAndKeepsSlashesInPaths() {
        assertThat(SigV4.uriEncode("/applications/my%20app:1", false)).isEqualTo("/applications/my%2520app%3A1");
        assertThat(SigV4.uriEncode("a/b", true)).isEqualTo("a%2Fb");
    }

    @Test
    void parse_headerWithoutSignature_namesTheMissingPart() {
        assertThatThrownBy(() -> SigV4.parse("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request, "
                + "SignedHeaders=host"))
                .isInstanceOf(SigV4.MalformedException.class)
                .hasMessageContaining("requires 'Signature' parameter");
        assertThatThrownBy(() -> SigV4.parse("AWS4-ECDSA-P256-SHA256 Credential=x"))
                .isInstanceOf(SigV4.MalformedException.class)
                .hasMessageContaining("Unsupported authorization algorithm 'AWS4-ECDSA-P256-SHA256'");
    }

    private static boolean verify(SigV4.Authorization auth, String secret, String host) {
        return SigV4.verify(auth, secret, "GET", "/", null, Map.of("host", host, "x-amz-date", "20150830T123600Z"),
                "20150830T123600Z", SigV4.sha256Hex("".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sha256Hex_ofEmptyBody_isTheWellKnownDigest() {
        assertThat(SigV4.sha256Hex(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
