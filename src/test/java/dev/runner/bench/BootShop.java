package dev.runner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sources of a Spring Boot 4.0.7 app written for the benchmark: a small shop of the size of
 * a real service rather than a hello world, so that a restart pays for what real restarts pay
 * for (Hibernate building its metamodel, Spring Data deriving queries, validation, Thymeleaf, a
 * data seeder). Starters: webmvc, data-jpa (H2 in memory), validation, Thymeleaf; spring-boot-devtools
 * as an optional runtime dependency, as Spring Initializr adds it, which only the DevTools
 * contestant puts on its class path. Beans of its own: 3 repositories, 5 services and components,
 * 4 controllers and advice, a configuration class with 2 beans, configuration properties, a
 * constraint validator and a data seeder.
 *
 * <p>{@code GET /} renders {@code home.html} with {@link #EDITED}'s headline in
 * {@code <h1 id="headline">}; the benchmark's edits change that one string. {@code GET /pid} is
 * the serving JVM's pid. The port comes from {@code SERVER_PORT}, the address is 127.0.0.1.
 */
final class BootShop {
  static final String MAIN = "bench.shop.ShopApplication";
  /** The class the edits change: a service whose one method returns the headline. */
  static final String EDITED = "bench.shop.service.HeadlineService";
  static final String EDITED_SOURCE = "src/main/java/bench/shop/service/HeadlineService.java";
  static final String EDITED_CLASS = "target/classes/bench/shop/service/HeadlineService.class";
  static final String FIRST_HEADLINE = "Spring shop, first edition";

  private BootShop() {}

  /** Writes the project into {@code dir}. */
  static void write(Path dir) throws IOException {
    for (Map.Entry<String, String> f : files().entrySet()) {
      Path p = dir.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue());
    }
  }

  /** The headline service's source, serving {@code headline}. */
  static String headlineSource(String headline) {
    return """
        package bench.shop.service;

        import org.springframework.stereotype.Service;

        @Service
        public class HeadlineService {
          public String headline() {
            return "%s";
          }
        }
        """.formatted(headline);
  }

  /** What {@code GET /} contains when {@code headline} is served. */
  static String served(String headline) {
    return "<h1 id=\"headline\">" + headline + "</h1>";
  }

  private static Map<String, String> files() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("pom.xml", """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-parent</artifactId>
            <version>4.0.7</version>
            <relativePath/>
          </parent>
          <groupId>bench</groupId>
          <artifactId>shop</artifactId>
          <version>1.0.0-SNAPSHOT</version>
          <properties>
            <java.version>17</java.version>
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-webmvc</artifactId>
            </dependency>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-data-jpa</artifactId>
            </dependency>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-validation</artifactId>
            </dependency>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-starter-thymeleaf</artifactId>
            </dependency>
            <dependency>
              <groupId>com.h2database</groupId>
              <artifactId>h2</artifactId>
              <scope>runtime</scope>
            </dependency>
            <dependency>
              <groupId>org.springframework.boot</groupId>
              <artifactId>spring-boot-devtools</artifactId>
              <scope>runtime</scope>
              <optional>true</optional>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-maven-plugin</artifactId>
              </plugin>
            </plugins>
          </build>
        </project>
        """);
    f.put("src/main/resources/application.properties", """
        spring.application.name=shop
        server.address=127.0.0.1
        spring.jpa.open-in-view=false
        spring.jpa.hibernate.ddl-auto=create-drop
        shop.currency=EUR
        shop.low-stock=5
        """);
    java(f, "ShopApplication", """
        package bench.shop;

        import org.springframework.boot.SpringApplication;
        import org.springframework.boot.autoconfigure.SpringBootApplication;

        @SpringBootApplication
        public class ShopApplication {
          public static void main(String[] args) {
            SpringApplication.run(ShopApplication.class, args);
          }
        }
        """);
    java(f, "config/ShopProperties", """
        package bench.shop.config;

        import jakarta.validation.constraints.NotBlank;
        import jakarta.validation.constraints.PositiveOrZero;
        import org.springframework.boot.context.properties.ConfigurationProperties;
        import org.springframework.boot.context.properties.bind.DefaultValue;
        import org.springframework.validation.annotation.Validated;

        @Validated
        @ConfigurationProperties("shop")
        public record ShopProperties(@NotBlank String currency, @DefaultValue("5") @PositiveOrZero int lowStock) {}
        """);
    java(f, "config/ShopConfig", """
        package bench.shop.config;

        import java.text.NumberFormat;
        import java.time.Clock;
        import java.util.Currency;
        import java.util.Locale;
        import org.springframework.boot.context.properties.EnableConfigurationProperties;
        import org.springframework.context.annotation.Bean;
        import org.springframework.context.annotation.Configuration;

        @Configuration
        @EnableConfigurationProperties(ShopProperties.class)
        public class ShopConfig {
          @Bean
          Clock clock() {
            return Clock.systemUTC();
          }

          @Bean
          NumberFormat moneyFormat(ShopProperties properties) {
            NumberFormat format = NumberFormat.getCurrencyInstance(Locale.ROOT);
            format.setCurrency(Currency.getInstance(properties.currency()));
            return format;
          }
        }
        """);
    java(f, "domain/Customer", """
        package bench.shop.domain;

        import jakarta.persistence.Column;
        import jakarta.persistence.Entity;
        import jakarta.persistence.GeneratedValue;
        import jakarta.persistence.Id;
        import jakarta.validation.constraints.Email;
        import jakarta.validation.constraints.NotBlank;

        @Entity
        public class Customer {
          @Id @GeneratedValue private Long id;
          @NotBlank private String name;
          @Email @NotBlank @Column(unique = true) private String email;

          protected Customer() {}

          public Customer(String name, String email) {
            this.name = name;
            this.email = email;
          }

          public Long getId() { return id; }
          public String getName() { return name; }
          public String getEmail() { return email; }
        }
        """);
    java(f, "domain/Product", """
        package bench.shop.domain;

        import jakarta.persistence.Column;
        import jakarta.persistence.Entity;
        import jakarta.persistence.GeneratedValue;
        import jakarta.persistence.Id;
        import jakarta.persistence.Version;

        @Entity
        public class Product {
          @Id @GeneratedValue private Long id;
          @Column(unique = true, nullable = false) private String sku;
          @Column(nullable = false) private String name;
          private long priceCents;
          private int stock;
          @Version private long version;

          protected Product() {}

          public Product(String sku, String name, long priceCents, int stock) {
            this.sku = sku;
            this.name = name;
            this.priceCents = priceCents;
            this.stock = stock;
          }

          public void take(int quantity) {
            if (quantity > stock) {
              throw new IllegalArgumentException(quantity + " of " + sku + " wanted, " + stock + " in stock");
            }
            stock -= quantity;
          }

          public void restock(int quantity) {
            stock += quantity;
          }

          public Long getId() { return id; }
          public String getSku() { return sku; }
          public String getName() { return name; }
          public long getPriceCents() { return priceCents; }
          public int getStock() { return stock; }
        }
        """);
    java(f, "domain/PurchaseOrder", """
        package bench.shop.domain;

        import jakarta.persistence.CascadeType;
        import jakarta.persistence.Entity;
        import jakarta.persistence.FetchType;
        import jakarta.persistence.GeneratedValue;
        import jakarta.persistence.Id;
        import jakarta.persistence.ManyToOne;
        import jakarta.persistence.OneToMany;
        import java.time.Instant;
        import java.util.ArrayList;
        import java.util.List;

        @Entity
        public class PurchaseOrder {
          @Id @GeneratedValue private Long id;
          @ManyToOne(optional = false, fetch = FetchType.LAZY) private Customer customer;
          @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
          private List<OrderLine> lines = new ArrayList<>();
          private Instant placedAt;

          protected PurchaseOrder() {}

          public PurchaseOrder(Customer customer, Instant placedAt) {
            this.customer = customer;
            this.placedAt = placedAt;
          }

          public void add(Product product, int quantity) {
            product.take(quantity);
            lines.add(new OrderLine(this, product, quantity));
          }

          public Long getId() { return id; }
          public Customer getCustomer() { return customer; }
          public List<OrderLine> getLines() { return lines; }
          public Instant getPlacedAt() { return placedAt; }
        }
        """);
    java(f, "domain/OrderLine", """
        package bench.shop.domain;

        import jakarta.persistence.Entity;
        import jakarta.persistence.GeneratedValue;
        import jakarta.persistence.Id;
        import jakarta.persistence.ManyToOne;

        @Entity
        public class OrderLine {
          @Id @GeneratedValue private Long id;
          @ManyToOne(optional = false) private PurchaseOrder order;
          @ManyToOne(optional = false) private Product product;
          private int quantity;

          protected OrderLine() {}

          OrderLine(PurchaseOrder order, Product product, int quantity) {
            this.order = order;
            this.product = product;
            this.quantity = quantity;
          }

          public Long getId() { return id; }
          public Product getProduct() { return product; }
          public int getQuantity() { return quantity; }
        }
        """);
    java(f, "repo/CustomerRepository", """
        package bench.shop.repo;

        import bench.shop.domain.Customer;
        import java.util.Optional;
        import org.springframework.data.jpa.repository.JpaRepository;

        public interface CustomerRepository extends JpaRepository<Customer, Long> {
          Optional<Customer> findByEmail(String email);
        }
        """);
    java(f, "repo/ProductRepository", """
        package bench.shop.repo;

        import bench.shop.domain.Product;
        import java.util.List;
        import java.util.Optional;
        import org.springframework.data.jpa.repository.JpaRepository;

        public interface ProductRepository extends JpaRepository<Product, Long> {
          Optional<Product> findBySku(String sku);

          boolean existsBySku(String sku);

          List<Product> findAllByOrderByNameAsc();

          List<Product> findByStockLessThanOrderByStockAsc(int stock);
        }
        """);
    java(f, "repo/PurchaseOrderRepository", """
        package bench.shop.repo;

        import bench.shop.domain.PurchaseOrder;
        import java.util.List;
        import org.springframework.data.jpa.repository.EntityGraph;
        import org.springframework.data.jpa.repository.JpaRepository;
        import org.springframework.data.jpa.repository.Query;

        public interface PurchaseOrderRepository extends JpaRepository<PurchaseOrder, Long> {
          @EntityGraph(attributePaths = {"lines", "lines.product"})
          List<PurchaseOrder> findByCustomerIdOrderByPlacedAtDesc(Long customerId);

          @Query("select coalesce(sum(l.quantity * l.product.priceCents), 0) from OrderLine l")
          long revenueCents();
        }
        """);
    f.put(EDITED_SOURCE, headlineSource(FIRST_HEADLINE));
    java(f, "service/PriceCalculator", """
        package bench.shop.service;

        import bench.shop.domain.PurchaseOrder;
        import java.text.NumberFormat;
        import org.springframework.stereotype.Component;

        @Component
        public class PriceCalculator {
          private final NumberFormat moneyFormat;

          public PriceCalculator(NumberFormat moneyFormat) {
            this.moneyFormat = moneyFormat;
          }

          public long totalCents(PurchaseOrder order) {
            return order.getLines().stream().mapToLong(l -> l.getQuantity() * l.getProduct().getPriceCents()).sum();
          }

          public synchronized String format(long cents) {
            return moneyFormat.format(cents / 100.0);
          }
        }
        """);
    java(f, "service/OutOfStockException", """
        package bench.shop.service;

        public class OutOfStockException extends RuntimeException {
          public OutOfStockException(String message) {
            super(message);
          }
        }
        """);
    java(f, "service/CatalogService", """
        package bench.shop.service;

        import bench.shop.config.ShopProperties;
        import bench.shop.domain.Product;
        import bench.shop.repo.ProductRepository;
        import bench.shop.web.ProductForm;
        import java.util.List;
        import java.util.NoSuchElementException;
        import org.springframework.stereotype.Service;
        import org.springframework.transaction.annotation.Transactional;

        @Service
        @Transactional(readOnly = true)
        public class CatalogService {
          private final ProductRepository products;
          private final ShopProperties properties;

          public CatalogService(ProductRepository products, ShopProperties properties) {
            this.products = products;
            this.properties = properties;
          }

          public List<Product> all() {
            return products.findAllByOrderByNameAsc();
          }

          public List<Product> lowStock() {
            return products.findByStockLessThanOrderByStockAsc(properties.lowStock());
          }

          public Product get(long id) {
            return products.findById(id).orElseThrow(() -> new NoSuchElementException("no product " + id));
          }

          @Transactional
          public Product add(ProductForm form) {
            return products.save(new Product(form.sku(), form.name(), form.priceCents(), form.stock()));
          }
        }
        """);
    java(f, "service/OrderService", """
        package bench.shop.service;

        import bench.shop.domain.Customer;
        import bench.shop.domain.Product;
        import bench.shop.domain.PurchaseOrder;
        import bench.shop.repo.CustomerRepository;
        import bench.shop.repo.ProductRepository;
        import bench.shop.repo.PurchaseOrderRepository;
        import java.time.Clock;
        import java.util.List;
        import java.util.Map;
        import java.util.NoSuchElementException;
        import org.springframework.stereotype.Service;
        import org.springframework.transaction.annotation.Transactional;

        @Service
        @Transactional
        public class OrderService {
          private final CustomerRepository customers;
          private final ProductRepository products;
          private final PurchaseOrderRepository orders;
          private final Clock clock;

          public OrderService(CustomerRepository customers, ProductRepository products, PurchaseOrderRepository orders,
              Clock clock) {
            this.customers = customers;
            this.products = products;
            this.orders = orders;
            this.clock = clock;
          }

          public PurchaseOrder place(long customerId, Map<String, Integer> items) {
            Customer customer = customers.findById(customerId)
                .orElseThrow(() -> new NoSuchElementException("no customer " + customerId));
            PurchaseOrder order = new PurchaseOrder(customer, clock.instant());
            items.forEach((sku, quantity) -> {
              Product product = products.findBySku(sku).orElseThrow(() -> new NoSuchElementException("no product " + sku));
              if (product.getStock() < quantity) {
                throw new OutOfStockException(quantity + " of " + sku + " wanted, " + product.getStock() + " left");
              }
              order.add(product, quantity);
            });
            return orders.save(order);
          }

          @Transactional(readOnly = true)
          public List<PurchaseOrder> of(long customerId) {
            return orders.findByCustomerIdOrderByPlacedAtDesc(customerId);
          }

          @Transactional(readOnly = true)
          public long count() {
            return orders.count();
          }

          @Transactional(readOnly = true)
          public long revenueCents() {
            return orders.revenueCents();
          }
        }
        """);
    java(f, "service/DataSeeder", """
        package bench.shop.service;

        import bench.shop.domain.Customer;
        import bench.shop.domain.Product;
        import bench.shop.repo.CustomerRepository;
        import bench.shop.repo.ProductRepository;
        import java.util.List;
        import java.util.Map;
        import org.springframework.boot.ApplicationArguments;
        import org.springframework.boot.ApplicationRunner;
        import org.springframework.stereotype.Component;

        @Component
        public class DataSeeder implements ApplicationRunner {
          private final CustomerRepository customers;
          private final ProductRepository products;
          private final OrderService orders;

          public DataSeeder(CustomerRepository customers, ProductRepository products, OrderService orders) {
            this.customers = customers;
            this.products = products;
            this.orders = orders;
          }

          @Override
          public void run(ApplicationArguments args) {
            products.saveAll(List.of(
                new Product("TEA-0001", "Green tea", 450, 40),
                new Product("TEA-0002", "Black tea", 390, 3),
                new Product("CUP-0001", "Stoneware cup", 1250, 12),
                new Product("POT-0001", "Cast iron teapot", 4900, 2),
                new Product("FLT-0001", "Paper filters", 299, 80),
                new Product("SPN-0001", "Bamboo spoon", 350, 25),
                new Product("TIN-0001", "Storage tin", 899, 7),
                new Product("KTL-0001", "Kettle", 3999, 4)));
            Customer ada = customers.save(new Customer("Ada", "ada@example.test"));
            Customer bo = customers.save(new Customer("Bo", "bo@example.test"));
            customers.save(new Customer("Cy", "cy@example.test"));
            orders.place(ada.getId(), Map.of("TEA-0001", 2, "CUP-0001", 1));
            orders.place(bo.getId(), Map.of("KTL-0001", 1));
          }
        }
        """);
    java(f, "validation/Sku", """
        package bench.shop.validation;

        import jakarta.validation.Constraint;
        import jakarta.validation.Payload;
        import java.lang.annotation.ElementType;
        import java.lang.annotation.Retention;
        import java.lang.annotation.RetentionPolicy;
        import java.lang.annotation.Target;

        /** Three capital letters, a dash, four digits, and not taken yet. */
        @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
        @Retention(RetentionPolicy.RUNTIME)
        @Constraint(validatedBy = SkuValidator.class)
        public @interface Sku {
          String message() default "must look like ABC-1234 and be new";

          Class<?>[] groups() default {};

          Class<? extends Payload>[] payload() default {};
        }
        """);
    java(f, "validation/SkuValidator", """
        package bench.shop.validation;

        import bench.shop.repo.ProductRepository;
        import jakarta.validation.ConstraintValidator;
        import jakarta.validation.ConstraintValidatorContext;
        import java.util.regex.Pattern;

        /** A constraint validator with a repository injected: Spring creates it as a bean. */
        public class SkuValidator implements ConstraintValidator<Sku, String> {
          private static final Pattern FORM = Pattern.compile("[A-Z]{3}-\\\\d{4}");
          private final ProductRepository products;

          public SkuValidator(ProductRepository products) {
            this.products = products;
          }

          @Override
          public boolean isValid(String sku, ConstraintValidatorContext context) {
            return sku == null || (FORM.matcher(sku).matches() && !products.existsBySku(sku));
          }
        }
        """);
    java(f, "web/ProductForm", """
        package bench.shop.web;

        import bench.shop.validation.Sku;
        import jakarta.validation.constraints.NotBlank;
        import jakarta.validation.constraints.Positive;
        import jakarta.validation.constraints.PositiveOrZero;
        import jakarta.validation.constraints.Size;

        public record ProductForm(@NotBlank @Sku String sku, @NotBlank @Size(max = 60) String name,
            @Positive long priceCents, @PositiveOrZero int stock) {
          public static ProductForm empty() {
            return new ProductForm("", "", 100, 0);
          }
        }
        """);
    java(f, "web/OrderRequest", """
        package bench.shop.web;

        import jakarta.validation.constraints.NotEmpty;
        import jakarta.validation.constraints.NotNull;
        import jakarta.validation.constraints.Positive;
        import java.util.Map;

        public record OrderRequest(@NotNull Long customerId, @NotEmpty Map<String, @Positive Integer> items) {}
        """);
    java(f, "web/HomeController", """
        package bench.shop.web;

        import bench.shop.service.CatalogService;
        import bench.shop.service.HeadlineService;
        import bench.shop.service.OrderService;
        import bench.shop.service.PriceCalculator;
        import org.springframework.stereotype.Controller;
        import org.springframework.ui.Model;
        import org.springframework.web.bind.annotation.GetMapping;

        @Controller
        public class HomeController {
          private final HeadlineService headline;
          private final CatalogService catalog;
          private final OrderService orders;
          private final PriceCalculator prices;

          public HomeController(HeadlineService headline, CatalogService catalog, OrderService orders,
              PriceCalculator prices) {
            this.headline = headline;
            this.catalog = catalog;
            this.orders = orders;
            this.prices = prices;
          }

          @GetMapping("/")
          public String home(Model model) {
            model.addAttribute("headline", headline.headline());
            model.addAttribute("products", catalog.all());
            model.addAttribute("lowStock", catalog.lowStock());
            model.addAttribute("orderCount", orders.count());
            model.addAttribute("revenue", prices.format(orders.revenueCents()));
            return "home";
          }
        }
        """);
    java(f, "web/ProductController", """
        package bench.shop.web;

        import bench.shop.domain.Product;
        import bench.shop.service.CatalogService;
        import jakarta.validation.Valid;
        import org.springframework.stereotype.Controller;
        import org.springframework.ui.Model;
        import org.springframework.validation.BindingResult;
        import org.springframework.web.bind.annotation.GetMapping;
        import org.springframework.web.bind.annotation.ModelAttribute;
        import org.springframework.web.bind.annotation.PathVariable;
        import org.springframework.web.bind.annotation.PostMapping;
        import org.springframework.web.bind.annotation.RequestMapping;

        @Controller
        @RequestMapping("/products")
        public class ProductController {
          private final CatalogService catalog;

          public ProductController(CatalogService catalog) {
            this.catalog = catalog;
          }

          @GetMapping("/{id}")
          public String show(@PathVariable long id, Model model) {
            model.addAttribute("product", catalog.get(id));
            return "products/show";
          }

          @GetMapping("/new")
          public String form(Model model) {
            model.addAttribute("form", ProductForm.empty());
            return "products/form";
          }

          @PostMapping
          public String add(@Valid @ModelAttribute("form") ProductForm form, BindingResult errors) {
            if (errors.hasErrors()) {
              return "products/form";
            }
            Product added = catalog.add(form);
            return "redirect:/products/" + added.getId();
          }
        }
        """);
    java(f, "web/OrderApiController", """
        package bench.shop.web;

        import bench.shop.domain.PurchaseOrder;
        import bench.shop.service.OrderService;
        import bench.shop.service.PriceCalculator;
        import jakarta.validation.Valid;
        import java.time.Instant;
        import java.util.List;
        import org.springframework.http.HttpStatus;
        import org.springframework.web.bind.annotation.GetMapping;
        import org.springframework.web.bind.annotation.PostMapping;
        import org.springframework.web.bind.annotation.RequestBody;
        import org.springframework.web.bind.annotation.RequestMapping;
        import org.springframework.web.bind.annotation.RequestParam;
        import org.springframework.web.bind.annotation.ResponseStatus;
        import org.springframework.web.bind.annotation.RestController;

        @RestController
        @RequestMapping("/api/orders")
        public class OrderApiController {
          public record OrderView(long id, Instant placedAt, int lines, String total) {}

          private final OrderService orders;
          private final PriceCalculator prices;

          public OrderApiController(OrderService orders, PriceCalculator prices) {
            this.orders = orders;
            this.prices = prices;
          }

          @GetMapping
          public List<OrderView> of(@RequestParam long customer) {
            return orders.of(customer).stream().map(this::view).toList();
          }

          @PostMapping
          @ResponseStatus(HttpStatus.CREATED)
          public OrderView place(@Valid @RequestBody OrderRequest request) {
            return view(orders.place(request.customerId(), request.items()));
          }

          private OrderView view(PurchaseOrder o) {
            return new OrderView(o.getId(), o.getPlacedAt(), o.getLines().size(), prices.format(prices.totalCents(o)));
          }
        }
        """);
    java(f, "web/OpsController", """
        package bench.shop.web;

        import org.springframework.web.bind.annotation.GetMapping;
        import org.springframework.web.bind.annotation.RestController;

        /** What the benchmark asks the serving JVM: its pid (for its RSS). */
        @RestController
        public class OpsController {
          @GetMapping("/pid")
          public String pid() {
            return Long.toString(ProcessHandle.current().pid());
          }
        }
        """);
    java(f, "web/ShopErrors", """
        package bench.shop.web;

        import bench.shop.service.OutOfStockException;
        import java.util.NoSuchElementException;
        import org.springframework.http.HttpStatus;
        import org.springframework.http.ProblemDetail;
        import org.springframework.web.bind.annotation.ExceptionHandler;
        import org.springframework.web.bind.annotation.RestControllerAdvice;

        @RestControllerAdvice
        public class ShopErrors {
          @ExceptionHandler(OutOfStockException.class)
          public ProblemDetail outOfStock(OutOfStockException e) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
          }

          @ExceptionHandler(NoSuchElementException.class)
          public ProblemDetail notFound(NoSuchElementException e) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
          }
        }
        """);
    f.put("src/main/resources/templates/home.html", """
        <!doctype html>
        <html xmlns:th="http://www.thymeleaf.org">
        <head><meta charset="utf-8"><title>Shop</title><link rel="stylesheet" href="/shop.css"></head>
        <body>
        <h1 id="headline" th:text="${headline}">headline</h1>
        <p><span th:text="${orderCount}">0</span> orders, <span th:text="${revenue}">0</span></p>
        <table>
          <tr th:each="p : ${products}">
            <td><a th:href="@{/products/{id}(id=${p.id})}" th:text="${p.name}">name</a></td>
            <td th:text="${p.sku}">sku</td>
            <td th:text="${@priceCalculator.format(p.priceCents)}">price</td>
            <td th:text="${p.stock}">stock</td>
          </tr>
        </table>
        <p th:unless="${lowStock.isEmpty()}">Low stock: <span th:each="p : ${lowStock}" th:text="${p.name + ' '}">x</span></p>
        <p><a href="/products/new">Add a product</a></p>
        </body>
        </html>
        """);
    f.put("src/main/resources/templates/products/show.html", """
        <!doctype html>
        <html xmlns:th="http://www.thymeleaf.org">
        <head><meta charset="utf-8"><title th:text="${product.name}">product</title></head>
        <body>
        <h1 th:text="${product.name}">name</h1>
        <p th:text="${product.sku}">sku</p>
        <p th:text="${@priceCalculator.format(product.priceCents)}">price</p>
        <p><a href="/">Back</a></p>
        </body>
        </html>
        """);
    f.put("src/main/resources/templates/products/form.html", """
        <!doctype html>
        <html xmlns:th="http://www.thymeleaf.org">
        <head><meta charset="utf-8"><title>New product</title></head>
        <body>
        <form th:action="@{/products}" th:object="${form}" method="post">
          <label>SKU <input th:field="*{sku}"></label> <span th:errors="*{sku}"></span>
          <label>Name <input th:field="*{name}"></label> <span th:errors="*{name}"></span>
          <label>Price (cents) <input th:field="*{priceCents}"></label> <span th:errors="*{priceCents}"></span>
          <label>Stock <input th:field="*{stock}"></label> <span th:errors="*{stock}"></span>
          <button>Add</button>
        </form>
        </body>
        </html>
        """);
    f.put("src/main/resources/static/shop.css", "body { font-family: sans-serif; } td { padding: 0 1em; }\n");
    return f;
  }

  private static void java(Map<String, String> files, String name, String source) {
    files.put("src/main/java/bench/shop/" + name + ".java", source);
  }
}
