package dev.runner.hotswap;

import dev.runner.build.ClassFiles;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * A class file's constant pool, able to say what an entry <em>means</em> as text: javac numbers
 * the pool anew on every compile, so two compiles of the same method differ in their indices and
 * agree only in what the indices point at. {@link #render} follows every reference (class,
 * member, name-and-type, method handle, and a dynamic constant or call site through its bootstrap
 * method and arguments) down to names, descriptors and values.
 */
final class ConstantPool {
  private static final int MAX_DEPTH = 32; // bootstrap arguments may nest; a valid file never loops

  private final Object[] entries; // String for Utf8, Integer/Long/Float/Double, int[] {tag, a, b} for the rest
  private int[][] bootstraps = new int[0][]; // {method handle, argument...}, set once the class attributes are read

  private ConstantPool(Object[] entries) {
    this.entries = entries;
  }

  static ConstantPool read(DataInputStream in) throws IOException {
    return new ConstantPool(ClassFiles.constantPool(in));
  }

  /** The BootstrapMethods attribute; dynamic constants and call sites render through it. */
  void bootstraps(int[][] table) {
    this.bootstraps = table;
  }

  String utf8(int index) throws IOException {
    if (entry(index) instanceof String s) {
      return s;
    }
    throw new IOException("constant " + index + " is not a Utf8 entry");
  }

  /** The internal name of a {@code CONSTANT_Class} entry; null for index 0 (no class). */
  String className(int index) throws IOException {
    if (index == 0) {
      return null;
    }
    if (entry(index) instanceof int[] e && e[0] == 7) {
      return utf8(e[1]);
    }
    throw new IOException("constant " + index + " is not a Class entry");
  }

  /** What entry {@code index} means, independent of where in the pool anything sits. */
  String render(int index) throws IOException {
    return render(index, 0);
  }

  private String render(int index, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("constant " + index + " nests too deeply");
    }
    Object entry = entry(index);
    if (entry instanceof String s) {
      return "U" + quoted(s);
    } else if (entry instanceof Integer v) {
      return "I" + v;
    } else if (entry instanceof Float v) {
      return "F" + Float.floatToRawIntBits(v);
    } else if (entry instanceof Long v) {
      return "J" + v;
    } else if (entry instanceof Double v) {
      return "D" + Double.doubleToRawLongBits(v);
    }
    int[] e = (int[]) entry;
    return switch (e[0]) {
      case 7 -> "C" + quoted(utf8(e[1]));
      case 8 -> "S" + quoted(utf8(e[1]));
      case 16 -> "MT" + quoted(utf8(e[1]));
      case 19 -> "MOD" + quoted(utf8(e[1]));
      case 20 -> "PKG" + quoted(utf8(e[1]));
      case 9 -> "Field(" + className(e[1]) + "." + render(e[2], depth + 1) + ")";
      case 10 -> "Method(" + className(e[1]) + "." + render(e[2], depth + 1) + ")";
      case 11 -> "IMethod(" + className(e[1]) + "." + render(e[2], depth + 1) + ")";
      case 12 -> quoted(utf8(e[1])) + ":" + quoted(utf8(e[2]));
      case 15 -> "Handle" + e[1] + "(" + render(e[2], depth + 1) + ")";
      case 17, 18 -> (e[0] == 17 ? "Dynamic(" : "Indy(") + bootstrap(e[1], depth + 1) + ","
          + render(e[2], depth + 1) + ")";
      default -> throw new IOException("unknown constant pool tag " + e[0]);
    };
  }

  private String bootstrap(int which, int depth) throws IOException {
    if (which >= bootstraps.length) {
      throw new IOException("bootstrap method " + which + " is missing");
    }
    int[] b = bootstraps[which];
    StringBuilder text = new StringBuilder("Bootstrap(").append(render(b[0], depth));
    for (int i = 1; i < b.length; i++) {
      text.append(',').append(render(b[i], depth));
    }
    return text.append(')').toString();
  }

  private Object entry(int index) throws IOException {
    if (index <= 0 || index >= entries.length || entries[index] == null) {
      throw new IOException("no constant at index " + index);
    }
    return entries[index];
  }

  /** Length-prefixed, so no text inside a constant can imitate the separators around it. */
  private static String quoted(String s) {
    return s.length() + "'" + s;
  }
}
