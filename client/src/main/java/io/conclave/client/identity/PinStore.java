package io.conclave.client.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Participants' signature keys pinned on first sight (trust on first use), keyed by the key, not
 * by the name (docs/PROTOCOL.md, "Admission"; a name is only a claim): each key is pinned with the
 * name it first came with. A known key under a new name, and a known name under a new key, are
 * reported, never silently accepted or replaced. File format (mode 0600), one pin a line:
 * {@code base64url(UTF-8 name) SP base64(signature public key) [SP "verified"]}; a name may appear
 * on several lines (several keys), a key on one. Seeing a key again is not verification: a key is
 * {@link Result#VERIFIED} only after the user marked it ({@link #markVerified}), having compared the
 * security code with its holder. Thread-safe.
 */
public final class PinStore {
  private final Optional<Path> file;
  /** Base64 of the key to its pin, in pinning order. */
  private final Map<String, Pin> pins = new LinkedHashMap<>();

  private record Pin(String name, byte[] key, boolean verified) {}

  private PinStore(Optional<Path> file) {
    this.file = file;
  }

  /** A store kept only in memory. */
  public static PinStore inMemory() {
    return new PinStore(Optional.empty());
  }

  /** Loads {@code file} if it exists; new pins are written back to it. */
  public static PinStore open(Path file) throws IOException {
    PinStore store = new PinStore(Optional.of(file));
    if (Files.exists(file)) {
      String text = new String(PrivateFiles.read(file), StandardCharsets.UTF_8);
      for (String line : text.lines().toList()) {
        String[] parts = line.split(" ");
        if (parts.length != 2 && !(parts.length == 3 && parts[2].equals("verified"))) {
          throw new IOException(file + ": malformed pin line");
        }
        try {
          byte[] key = Base64.getDecoder().decode(parts[1]);
          store.pins.putIfAbsent(parts[1], new Pin(
              new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8), key, parts.length == 3));
        } catch (IllegalArgumentException e) {
          throw new IOException(file + ": malformed pin line", e);
        }
      }
    }
    return store;
  }

  /** What {@link #check} found. */
  public enum Result {
    /** Neither the key nor the name was seen: pinned now. */
    NEW,
    /** The key is pinned with this name (seen before; not verified). */
    MATCH,
    /** The key is pinned with this name and the user marked it verified. */
    VERIFIED,
    /** The name is pinned with another key that the user had verified, and this key is new: warn loudly. */
    VERIFIED_CHANGED,
    /** The name is pinned with another key, and this key is new: warn the user (possibly an impostor). */
    CHANGED,
    /** The key is pinned under another name: show it (the same person renamed, or a confusion attempt). */
    RENAMED
  }

  /**
   * Compares {@code signatureKey} and {@code name} with the pins. A new key is pinned with its name
   * (also when the name is known with another key, so the warning is given once per key).
   */
  public synchronized Result check(String name, byte[] signatureKey) {
    String id = Base64.getEncoder().encodeToString(signatureKey);
    Pin pin = pins.get(id);
    if (pin != null) {
      return !pin.name().equals(name) ? Result.RENAMED : pin.verified() ? Result.VERIFIED : Result.MATCH;
    }
    boolean nameKnown = pins.values().stream().anyMatch(p -> p.name().equals(name));
    boolean nameVerified = pins.values().stream().anyMatch(p -> p.name().equals(name) && p.verified());
    pins.put(id, new Pin(name, signatureKey.clone(), false));
    save();
    return nameVerified ? Result.VERIFIED_CHANGED : nameKnown ? Result.CHANGED : Result.NEW;
  }

  /**
   * The user compared the security code with the holder of {@code signatureKey}, known as
   * {@code name}, and marks the key verified (or takes the mark back). The mark belongs to the key.
   */
  public synchronized void markVerified(String name, byte[] signatureKey, boolean verified) {
    String id = Base64.getEncoder().encodeToString(signatureKey);
    pins.put(id, new Pin(name, signatureKey.clone(), verified));
    save();
  }

  /** A key of {@code name} the user marked verified, if any. */
  public synchronized Optional<Fingerprint> verified(String name) {
    return pins.values().stream().filter(p -> p.name().equals(name) && p.verified()).findFirst()
        .map(p -> Fingerprint.of(p.key()));
  }

  /** The first key pinned for {@code name}. */
  public synchronized Optional<Fingerprint> pinned(String name) {
    return pins.values().stream().filter(p -> p.name().equals(name)).findFirst().map(p -> Fingerprint.of(p.key()));
  }

  /** The name {@code signatureKey} was pinned with. */
  public synchronized Optional<String> nameOf(byte[] signatureKey) {
    return Optional.ofNullable(pins.get(Base64.getEncoder().encodeToString(signatureKey))).map(Pin::name);
  }

  private void save() {
    if (file.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    pins.values().forEach(p -> text.append(Base64.getUrlEncoder().withoutPadding()
            .encodeToString(p.name().getBytes(StandardCharsets.UTF_8)))
        .append(' ').append(Base64.getEncoder().encodeToString(p.key())).append(p.verified() ? " verified\n" : "\n"));
    try {
      PrivateFiles.write(file.get(), text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write pin store " + file.get(), e);
    }
  }
}
