package io.ticketflow.answer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * USD prices per million prompt and completion tokens, per model, from a setting like
 * {@code gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10.00}. A model that is not listed costs the
 * {@code *} entry if there is one, else nothing (a local server).
 */
public final class PriceTable {
  private record Price(double promptPerMillion, double completionPerMillion) {}

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  public static PriceTable parse(String spec) {
    Map<String, Price> prices = new HashMap<>();
    if (spec != null && !spec.isBlank()) {
      for (String entry : spec.split(",")) {
        String[] modelAndPrice = entry.trim().split("=", 2);
        String[] parts = modelAndPrice.length == 2 ? modelAndPrice[1].split("/", 2) : new String[0];
        if (parts.length != 2) {
          throw new IllegalArgumentException("price entry '" + entry.trim()
              + "' is not model=promptPrice/completionPrice (USD per million tokens)");
        }
        double prompt;
        double completion;
        try {
          prompt = Double.parseDouble(parts[0].trim());
          completion = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("price entry '" + entry.trim() + "' has a price that is not a number");
        }
        if (!(prompt >= 0 && completion >= 0) || Double.isInfinite(prompt) || Double.isInfinite(completion)) {
          throw new IllegalArgumentException("price entry '" + entry.trim()
              + "' has a price that is negative or not finite");
        }
        prices.put(modelAndPrice[0].trim().toLowerCase(Locale.ROOT), new Price(prompt, completion));
      }
    }
    return new PriceTable(prices);
  }

  /** Whether {@code model} has a price of its own or its family's (a dated snapshot), {@code *} aside. */
  public boolean lists(String model) {
    return listed(model) != null;
  }

  /** Whether {@code model} costs anything: listed, or priced by the {@code *} entry. */
  public boolean prices(String model) {
    return lists(model) || prices.containsKey("*");
  }

  private Price listed(String model) {
    if (model == null) {
      return null;
    }
    String name = model.toLowerCase(Locale.ROOT);
    Price price = prices.get(name);
    if (price == null) {
      // Providers answer with dated snapshots (gpt-4o-mini-2024-07-18): price them as their family.
      price = prices.entrySet().stream()
          .filter(e -> name.startsWith(e.getKey() + "-"))
          .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
          .map(Map.Entry::getValue).orElse(null);
    }
    return price;
  }

  /** The cost in USD of one call. */
  public double cost(String model, int promptTokens, int completionTokens) {
    Price price = listed(model);
    if (price == null) {
      price = prices.get("*");
    }
    if (price == null) {
      return 0.0;
    }
    return (promptTokens * price.promptPerMillion() + completionTokens * price.completionPerMillion()) / 1_000_000.0;
  }
}
