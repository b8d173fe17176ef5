package dev.cutover.migrations.dynamodb;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A custom {@link ItemTransform} as a user writes one for {@code --transform}: leaves out items whose owner is
 * "owner-0" and turns the decimal {@code price} into a whole number of {@code priceCents}.
 */
public final class PriceInCentsTransform implements ItemTransform {

    @Override
    public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
        AttributeValue owner = item.get("ownerId");
        if (owner != null && "owner-0".equals(owner.s())) {
            return null;
        }
        Map<String, AttributeValue> out = new HashMap<>(item);
        AttributeValue price = out.remove("price");
        if (price != null) {
            out.put("priceCents", AttributeValue.fromN(new BigDecimal(price.n()).movePointRight(2).toBigInteger().toString()));
        }
        return out;
    }

    @Override
    public String describe() {
        return "price-in-cents";
    }
}
