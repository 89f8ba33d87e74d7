package io.dataplug.worker;

import io.dataplug.core.format.InvalidRequestException;
import io.dataplug.core.storage.StorageException;
import io.dataplug.core.util.FileErrors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file a command writes (its {@code --output}): checked before any work starts, written beside the target and
 * moved into place so a failure leaves no partial file, and every error names the file the user gave with its
 * cause — never the temporary file.
 */
final class OutputFile {

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path path;

    private OutputFile(Path path) {
        this.path = path;
    }

    /** @throws InvalidRequestException when the file cannot be where it is asked to be (a usage error) */
    static OutputFile check(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new InvalidRequestException("--output " + output + ": is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidRequestException("--output " + output + ": " + (Files.exists(dir) ? "not a directory: " : "no such directory ")
                    + dir);
        }
        return new OutputFile(abs);
    }

    void write(Body body) throws IOException {
        Path tmp;
        try {
            tmp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".part");
        } catch (IOException e) {
            throw problem(e);
        }
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.writeTo(out);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw problem(e);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private StorageException problem(IOException e) {
        return new StorageException(path.toString(), "cannot write: " + FileErrors.describe(e, path), e);
    }
}
