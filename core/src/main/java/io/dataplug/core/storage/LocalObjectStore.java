package io.dataplug.core.storage;

import io.dataplug.core.util.FileErrors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Objects as local files; writes go to a temporary file that is then moved into place.
 *
 * <p>The ETag is derived from the size, the modification time and, where the file system has one (POSIX), the
 * status change time (ctime), all in nanoseconds. Hashing the content on every {@code head} is out of the question
 * for 40 GB files; the ctime is the cheap stand-in: the kernel sets it on every write, truncation, rename into place
 * and timestamp change, and no tool can set it back, so a file rewritten in any way gets a new ETag, also by
 * {@code cp -p} or {@code rsync -a}, which keep size and mtime. It also changes with permissions, owner, extended
 * attributes or a new hard link: such a file counts as changed and is indexed again (safe, if unneeded). Damage
 * below the file system (a failing disk) changes no ETag: compressed formats catch it with their CRC checks.
 */
public final class LocalObjectStore implements ObjectStore {

    @Override
    public Stream<ObjectInfo> list(ObjectLocation prefix) {
        Path p = prefix.path();
        boolean folder = Files.isDirectory(p) || prefix.key().endsWith("/");
        Path root = folder ? p : p.getParent();
        String namePrefix = folder ? "" : p.getFileName().toString();
        if (root == null || !Files.isDirectory(root)) {
            return Stream.empty();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> folder || root.relativize(f).toString().startsWith(namePrefix))
                    .filter(f -> !f.getFileName().toString().startsWith(".dataplug-tmp-"))
                    .sorted(Comparator.comparing(Path::toString))
                    .forEach(f -> found.add(head(ObjectLocation.local(f))));
        } catch (IOException e) {
            throw new StorageException(prefix.toUri(), "cannot list: " + FileErrors.describe(e, prefix.path()), e);
        }
        return found.stream();
    }

    @Override
    public Stream<String> listFolders(ObjectLocation folder) {
        Path p = folder.path();
        if (!Files.isDirectory(p)) {
            return Stream.empty();
        }
        try (Stream<Path> entries = Files.list(p)) {
            return entries.filter(Files::isDirectory).map(e -> e.getFileName().toString()).sorted().toList().stream();
        } catch (IOException e) {
            throw new StorageException(folder.toUri(), "cannot list: " + FileErrors.describe(e, p), e);
        }
    }

    @Override
    public ObjectInfo head(ObjectLocation location) {
        Path p = location.path();
        try {
            Stat stat = Stat.of(p);
            if (!stat.regularFile()) {
                throw new ObjectNotFoundException(location.toUri(), "not a regular file");
            }
            return new ObjectInfo(location, stat.size(), stat.etag());
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(location.toUri(), "no such file");
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot stat: " + FileErrors.describe(e, location.path()), e);
        }
    }

    /** What one {@code stat} says about a file; {@code changed} (ctime) is null where the file system has none. */
    private record Stat(boolean regularFile, long size, FileTime modified, FileTime changed) {

        static Stat of(Path p) throws IOException {
            try {
                Map<String, Object> a = Files.readAttributes(p, "unix:isRegularFile,size,lastModifiedTime,ctime");
                return new Stat((Boolean) a.get("isRegularFile"), (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"),
                        (FileTime) a.get("ctime"));
            } catch (UnsupportedOperationException e) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                return new Stat(a.isRegularFile(), a.size(), a.lastModifiedTime(), null);
            }
        }

        String etag() {
            String etag = Long.toHexString(size) + "-" + Long.toHexString(nanos(modified));
            return changed == null ? etag : etag + "-" + Long.toHexString(nanos(changed));
        }

        private static long nanos(FileTime t) {
            return t.toInstant().getEpochSecond() * 1_000_000_000L + t.toInstant().getNano();
        }
    }

    @Override
    public InputStream open(ObjectLocation location, long offset, long length, String expectedEtag) {
        ObjectInfo info = head(location);
        if (expectedEtag != null && !expectedEtag.equals(info.etag())) {
            throw new ObjectChangedException(location.toUri(), expectedEtag, info.etag());
        }
        if (offset < 0 || length < 0) {
            throw new StorageException(location.toUri(), "invalid range offset=" + offset + " length=" + length);
        }
        try {
            FileChannel ch = FileChannel.open(location.path(), StandardOpenOption.READ);
            ch.position(offset);
            return new ExactLengthInputStream(Channels.newInputStream(ch), location.toUri(), offset, length);
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot read at offset " + offset + ": " + FileErrors.describe(e, location.path()), e);
        }
    }

    @Override
    public void put(ObjectLocation location, byte[] data) {
        write(location, out -> out.write(data), true);
    }

    /** Streamed into a temporary file beside the target, renamed into place when complete. */
    @Override
    public void putStreamed(ObjectLocation location, Writer writer) {
        write(location, writer, true);
    }

    /** Atomic: the temporary file is hard-linked to the name, which fails if the name exists. */
    @Override
    public boolean putIfAbsent(ObjectLocation location, byte[] data) {
        return write(location, out -> out.write(data), false);
    }

    private static boolean write(ObjectLocation location, Writer writer, boolean replace) {
        Path target = location.path();
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".dataplug-tmp-", "");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    writer.writeTo(out);
                }
                if (replace) {
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return true;
                }
                try {
                    Files.createLink(target, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, target); // no hard links here: refuses an existing name, though not atomically
                }
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot write: " + FileErrors.describe(e, target), e);
        }
    }

    @Override
    public void delete(ObjectLocation location) {
        try {
            Files.deleteIfExists(location.path());
        } catch (IOException e) {
            throw new StorageException(location.toUri(), "cannot delete: " + FileErrors.describe(e, location.path()), e);
        }
    }
}
