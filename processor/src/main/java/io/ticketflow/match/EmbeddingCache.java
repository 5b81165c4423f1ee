package io.ticketflow.match;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FAQ wordings' embeddings of one model, kept in a file between runs, so that a restarted
 * processor embeds only the wordings that are new to it: the model's runs are most of a large FAQ's
 * start-up (docs/benchmarks.md). Written by hand because the need is narrow (an append-only file of
 * text → vector records, read once at start); an embedded database would add more than it saves.
 *
 * <p>The file is named after the model's identity (its ONNX file and a checksum of its bytes), and
 * its header repeats the identity, {@link #VERSION} and the dimension; a file that does not match is
 * started afresh. Records are appended: the text's UTF-8 bytes, the unit vector, a CRC-32C of both.
 * Opening reads the records into an index of text → file offset (vectors are read when asked for);
 * a torn or corrupt record and everything after it are cut off, so a crash mid-write costs only the
 * last records. The file is locked while open: a second process with the same directory runs
 * without the cache. Past {@link #MAX_BYTES} nothing more is written. The file is not compacted
 * (wordings of changed or deleted entries stay); instead a file that has reached 90 % of the cap
 * is started afresh when it is next opened, so an FAQ that keeps changing costs one start without
 * cached vectors per cap's worth of wordings, not every start from then on. Deleting the file is
 * always safe.
 *
 * <p>Thread-safe; callers are the FAQ loaders (global thread, cross-lingual background thread).
 */
final class EmbeddingCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);

  /**
   * Bumped whenever the vector computed for a text changes without the model file changing (the
   * pooling, the normalization of the vector): files of another version are started afresh.
   */
  static final int VERSION = 1;
  static final long MAX_BYTES = 1L << 30;
  /** Share of the cap at which a file is started afresh at open. */
  private static final double RESTART_AT = 0.9;
  /** Longer texts are not cached (an FAQ wording is far shorter); the same bound checks records at open. */
  static final int MAX_TEXT_BYTES = 1 << 20;
  /** Files open in this JVM: file locks are per process, so a second opener here must be refused first. */
  private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
  private static final int MAGIC = 0x54464543; // "TFEC"

  private final Path file;
  private final int dims;
  private final FileChannel channel;
  private final FileLock lock;
  private final long maxBytes;
  private final Map<String, Long> offsets = new HashMap<>();
  private long end;
  private boolean full;

  private EmbeddingCache(Path file, int dims, FileChannel channel, FileLock lock, long maxBytes) {
    this.maxBytes = maxBytes;
    this.file = file;
    this.dims = dims;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Opens (or creates) the cache of the model {@code identity} in {@code dir}.
   *
   * @throws IOException when the file cannot be used, e.g. another process holds it
   */
  static EmbeddingCache open(Path dir, String identity, int dims) throws IOException {
    return open(dir, identity, dims, MAX_BYTES);
  }

  /** {@link #open(Path, String, int)} with another cap than {@link #MAX_BYTES} (tests). */
  static EmbeddingCache open(Path dir, String identity, int dims, long maxBytes) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(identity.replaceAll("[^A-Za-z0-9._-]", "_") + ".vectors").toAbsolutePath().normalize();
    if (!OPEN.add(file)) {
      throw new IOException(file + " is in use by another processor");
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(file + " is in use by another processor");
      }
      EmbeddingCache cache = new EmbeddingCache(file, dims, channel, lock, maxBytes);
      cache.load(header(identity, dims));
      return cache;
    } catch (IOException | RuntimeException e) {
      OPEN.remove(file);
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  private static byte[] header(String identity, int dims) {
    byte[] id = identity.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(16 + id.length).putInt(MAGIC).putInt(VERSION).putInt(dims).putInt(id.length).put(id)
        .array();
  }

  private void load(byte[] header) throws IOException {
    long size = channel.size();
    ByteBuffer found = ByteBuffer.allocate(header.length);
    if (size < header.length || channel.read(found, 0) != header.length || !found.flip().equals(ByteBuffer.wrap(header))) {
      if (size > 0) {
        LOG.info("Embedding cache {} is of another model or version; starting it afresh", file);
      }
      startAfresh(header);
      return;
    }
    if (size >= RESTART_AT * maxBytes) {
      LOG.info("Embedding cache {} holds {} bytes, near its cap of {}; starting it afresh (this start embeds"
          + " the FAQ's wordings again)", file, size, maxBytes);
      startAfresh(header);
      return;
    }
    long at = header.length;
    int vectorBytes = 4 * dims;
    ByteBuffer length = ByteBuffer.allocate(4);
    while (at + 4 <= size) {
      length.clear();
      channel.read(length, at);
      int textBytes = length.flip().getInt();
      long recordEnd = at + 4 + textBytes + vectorBytes + 4;
      if (textBytes < 0 || textBytes > MAX_TEXT_BYTES || recordEnd > size) {
        break;
      }
      ByteBuffer record = ByteBuffer.allocate(textBytes + vectorBytes + 4);
      channel.read(record, at + 4);
      record.flip();
      CRC32C crc = new CRC32C();
      crc.update(record.array(), 0, textBytes + vectorBytes);
      if ((int) crc.getValue() != record.getInt(textBytes + vectorBytes)) {
        break;
      }
      offsets.put(new String(record.array(), 0, textBytes, StandardCharsets.UTF_8), at + 4 + textBytes);
      at = recordEnd;
    }
    if (at < size) {
      LOG.warn("Embedding cache {}: {} bytes after offset {} are torn or corrupt and were cut off", file, size - at, at);
      channel.truncate(at);
    }
    end = at;
  }

  private void startAfresh(byte[] header) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(header), 0);
    end = header.length;
  }

  /** The cached vector of {@code text}, or null (also when the file was cut short behind our back). */
  synchronized float[] get(String text) throws IOException {
    Long at = offsets.get(text);
    if (at == null) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate(4 * dims);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, at + buffer.position()) < 0) {
        return null;
      }
    }
    float[] v = new float[dims];
    buffer.flip().asFloatBuffer().get(v);
    return v;
  }

  /** Appends the vectors of texts not cached yet, and makes them durable on disk. */
  synchronized void put(List<String> texts, List<float[]> vectors) throws IOException {
    boolean wrote = false;
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      float[] v = vectors.get(i);
      if (offsets.containsKey(text) || v == null || v.length != dims) {
        continue;
      }
      byte[] t = utf8(text);
      if (t == null || t.length > MAX_TEXT_BYTES) {
        continue;
      }
      ByteBuffer record = ByteBuffer.allocate(4 + t.length + 4 * dims + 4);
      record.putInt(t.length).put(t);
      for (float x : v) {
        record.putFloat(x);
      }
      CRC32C crc = new CRC32C();
      crc.update(record.array(), 4, t.length + 4 * dims);
      record.putInt((int) crc.getValue()).flip();
      if (end + record.remaining() > maxBytes) {
        if (!full) {
          LOG.warn("Embedding cache {} reached its cap of {} bytes; further wordings are not cached until it is"
              + " started afresh at the next start", file, maxBytes);
          full = true;
        }
        break;
      }
      long at = end;
      while (record.hasRemaining()) {
        at += channel.write(record, at);
      }
      offsets.put(text, end + 4 + t.length);
      end = at;
      wrote = true;
    }
    if (wrote) {
      channel.force(false);
    }
  }

  /**
   * The text's UTF-8 bytes, or null for a text that has none (a lone surrogate): {@code getBytes}
   * would turn it into '?', and after a restart the vector would be another text's.
   */
  private static byte[] utf8(String text) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  synchronized int size() {
    return offsets.size();
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      OPEN.remove(file);
      channel.close();
    }
  }
}
