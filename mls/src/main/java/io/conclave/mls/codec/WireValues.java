package io.conclave.mls.codec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Content-based {@code equals}, {@code hashCode} and {@code toString} for wire-structure records.
 *
 * <p>A record's generated methods compare {@code byte[]} components by identity and print them as
 * {@code [B@1a2b}. Wire records delegate their three methods here instead: byte arrays compare by
 * content (also inside lists, optionals and nested records such as
 * {@link io.conclave.mls.crypto.HpkeCiphertext}), and {@code toString} shows a length and a short
 * prefix instead of dumping keys, certificates or ciphertexts. Only for public wire structures:
 * secrets never go through here.
 */
public final class WireValues {
  private static final int PREFIX_BYTES = 4;
  private static final int MAX_LISTED_ITEMS = 4;

  private WireValues() {}

  /** Component-wise equality of two records of the same class. */
  public static boolean equals(Record self, Object other) {
    if (self == other) {
      return true;
    }
    if (other == null || other.getClass() != self.getClass()) {
      return false;
    }
    for (RecordComponent c : self.getClass().getRecordComponents()) {
      if (!deepEquals(get(c, self), get(c, (Record) other))) {
        return false;
      }
    }
    return true;
  }

  public static int hashCode(Record self) {
    int h = self.getClass().hashCode();
    for (RecordComponent c : self.getClass().getRecordComponents()) {
      h = 31 * h + deepHash(get(c, self));
    }
    return h;
  }

  /** {@code Name[a=..., b=<32 bytes 0a0b0c0d…>]}, with long lists shown by their size. */
  public static String toString(Record self) {
    StringBuilder sb = new StringBuilder(self.getClass().getSimpleName()).append('[');
    RecordComponent[] components = self.getClass().getRecordComponents();
    for (int i = 0; i < components.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(components[i].getName()).append('=');
      describe(sb, get(components[i], self));
    }
    return sb.append(']').toString();
  }

  private static Object get(RecordComponent c, Record r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read record component " + c.getName(), e);
    }
  }

  private static boolean deepEquals(Object a, Object b) {
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEquals(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Optional<?> x && b instanceof Optional<?> y) {
      return x.isPresent() == y.isPresent() && (x.isEmpty() || deepEquals(x.get(), y.get()));
    }
    if (a instanceof Record x && b instanceof Record y) {
      return equals(x, y);
    }
    return Objects.equals(a, b);
  }

  private static int deepHash(Object v) {
    return switch (v) {
      case null -> 0;
      case byte[] b -> Arrays.hashCode(b);
      case List<?> list -> {
        int h = 1;
        for (Object o : list) {
          h = 31 * h + deepHash(o);
        }
        yield h;
      }
      case Optional<?> o -> o.map(WireValues::deepHash).orElse(0);
      case Record r -> hashCode(r);
      default -> v.hashCode();
    };
  }

  private static void describe(StringBuilder sb, Object v) {
    switch (v) {
      case byte[] b -> {
        sb.append('<').append(b.length).append(" bytes");
        if (b.length > 0) {
          sb.append(' ').append(HexFormat.of().formatHex(b, 0, Math.min(b.length, PREFIX_BYTES)));
          if (b.length > PREFIX_BYTES) {
            sb.append('…');
          }
        }
        sb.append('>');
      }
      case List<?> list when list.size() > MAX_LISTED_ITEMS -> sb.append('[').append(list.size()).append(" items]");
      case List<?> list -> {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          describe(sb, list.get(i));
        }
        sb.append(']');
      }
      case Optional<?> o when o.isPresent() -> {
        sb.append("Optional[");
        describe(sb, o.get());
        sb.append(']');
      }
      case Record r -> sb.append(toString(r));
      case null, default -> sb.append(v);
    }
  }
}
