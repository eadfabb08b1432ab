package dev.runner.hotswap;

/** How classes and methods are named in the runner's one-line reasons: {@code Greeting.<init>(String)}. */
final class Names {
  private Names() {}

  /** {@code com/acme/Greeting$Inner} → {@code Greeting$Inner}. */
  static String simple(String internalName) {
    return internalName.substring(internalName.lastIndexOf('/') + 1);
  }

  static String member(String owner, String name) {
    return simple(owner) + "." + name;
  }

  /** {@code Greeting.greet(String, int[])}, from the method's descriptor. */
  static String method(String owner, String name, String descriptor) {
    StringBuilder text = new StringBuilder(member(owner, name)).append('(');
    int i = 1;
    boolean first = true;
    while (i < descriptor.length() && descriptor.charAt(i) != ')') {
      int dims = 0;
      while (descriptor.charAt(i) == '[') {
        dims++;
        i++;
      }
      String type;
      if (descriptor.charAt(i) == 'L') {
        int end = descriptor.indexOf(';', i);
        type = simple(descriptor.substring(i + 1, end)).replace('$', '.');
        i = end + 1;
      } else {
        type = primitive(descriptor.charAt(i++));
      }
      text.append(first ? "" : ", ").append(type).append("[]".repeat(dims));
      first = false;
    }
    return text.append(')').toString();
  }

  private static String primitive(char c) {
    return switch (c) {
      case 'Z' -> "boolean";
      case 'B' -> "byte";
      case 'C' -> "char";
      case 'S' -> "short";
      case 'I' -> "int";
      case 'J' -> "long";
      case 'F' -> "float";
      case 'D' -> "double";
      default -> String.valueOf(c);
    };
  }
}
