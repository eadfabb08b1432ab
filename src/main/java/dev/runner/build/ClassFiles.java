package dev.runner.build;

import java.io.DataInputStream;
import java.io.IOException;

/** Reading class files by hand (no library): what {@link ClassFileInfo} and the hotswap comparison share. */
public final class ClassFiles {
  private ClassFiles() {}

  /**
   * The constant pool that {@code in} is at (its count first): a String for Utf8, Integer, Long,
   * Float or Double for numbers, {@code int[] {tag, a, b}} for the rest; slot 0 and the slot after a
   * long or double stay null. Shared with the hotswap comparison, which reads the same bytes.
   */
  public static Object[] constantPool(DataInputStream in) throws IOException {
    Object[] pool = new Object[in.readUnsignedShort()];
    for (int i = 1; i < pool.length; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> pool[i] = in.readUTF(); // modified UTF-8, exactly DataInput's format
        case 3 -> pool[i] = in.readInt();
        case 4 -> pool[i] = in.readFloat();
        case 5 -> pool[i++] = in.readLong(); // 8-byte constants take two slots
        case 6 -> pool[i++] = in.readDouble();
        case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort(), 0};
        case 9, 10, 11, 12, 17, 18 -> pool[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
        case 15 -> pool[i] = new int[] {tag, in.readUnsignedByte(), in.readUnsignedShort()};
        default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
      }
    }
    return pool;
  }
}
