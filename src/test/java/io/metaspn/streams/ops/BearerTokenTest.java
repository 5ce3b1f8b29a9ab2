package io.metaspn.streams.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file: trimmed content, the Bearer scheme, rotation by file change, failing closed. */
class BearerTokenTest {

    @Test
    void acceptsTheFilesTrimmedTokenUnderTheBearerSchemeOnly(@TempDir Path dir) throws Exception {
        BearerToken token = new BearerToken(Files.writeString(dir.resolve("token"), "  s3cret\n"));

        assertThat(token.check("Bearer s3cret")).isEqualTo(BearerToken.Check.ACCEPTED);
        assertThat(token.check("bearer s3cret ")).isEqualTo(BearerToken.Check.ACCEPTED);
        assertThat(token.check("Bearer s3cre")).isEqualTo(BearerToken.Check.REFUSED);
        assertThat(token.check("Bearer s3cret2")).isEqualTo(BearerToken.Check.REFUSED);
        assertThat(token.check("Bearer ")).isEqualTo(BearerToken.Check.MISSING);
        assertThat(token.check("Basic czNjcmV0")).isEqualTo(BearerToken.Check.MISSING);
        assertThat(token.check(null)).isEqualTo(BearerToken.Check.MISSING);
    }

    @Test
    void aRotatedFileIsReadAgain(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "old");
        BearerToken token = new BearerToken(file);
        assertThat(token.check("Bearer old")).isEqualTo(BearerToken.Check.ACCEPTED);

        Files.writeString(file, "new");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(token.check("Bearer old")).isEqualTo(BearerToken.Check.REFUSED);
        assertThat(token.check("Bearer new")).isEqualTo(BearerToken.Check.ACCEPTED);
    }

    @Test
    void aSecretSwappedByASymbolicLinkAsKubernetesDoesIsReadAgain(@TempDir Path dir) throws Exception {
        Path first = Files.writeString(Files.createDirectories(dir.resolve("..2026_01")).resolve("token"), "one");
        Path second = Files.writeString(Files.createDirectories(dir.resolve("..2026_02")).resolve("token"), "two");
        Files.setLastModifiedTime(second, Files.getLastModifiedTime(first));
        Path link = Files.createSymbolicLink(dir.resolve("token"), first);
        BearerToken token = new BearerToken(link);
        assertThat(token.check("Bearer one")).isEqualTo(BearerToken.Check.ACCEPTED);

        Files.delete(link);
        Files.createSymbolicLink(link, second);

        assertThat(token.check("Bearer two")).isEqualTo(BearerToken.Check.ACCEPTED);
        assertThat(token.check("Bearer one")).isEqualTo(BearerToken.Check.REFUSED);
    }

    @Test
    void failsClosedWhenTheFileIsGoneOrEmpty(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "t");
        BearerToken token = new BearerToken(file);

        Files.writeString(file, " \n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(token.check("Bearer t")).isEqualTo(BearerToken.Check.UNAVAILABLE);
        Files.delete(file);
        assertThat(token.check("Bearer t")).isEqualTo(BearerToken.Check.UNAVAILABLE);
    }

    @Test
    void refusesToStartWithoutAToken(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThatThrownBy(() -> new BearerToken(empty)).isInstanceOf(IOException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new BearerToken(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }
}
