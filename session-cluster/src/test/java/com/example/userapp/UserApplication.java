package com.example.userapp;

import java.util.List;

import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's own Spring Boot servlet application, outside Tandem's packages, that knows
 * nothing of Hazelcast: its HTTP sessions join the cluster only because the library is on
 * the class path and {@code tandem.node.*} is set.
 */
@SpringBootApplication
public class UserApplication {

	public static void main(String[] args) {
		SpringApplication.run(UserApplication.class, args);
	}

	@RestController
	static class ShopController {

		@GetMapping("/session")
		CountResponse count(HttpSession session) {
			Integer count = (Integer) session.getAttribute("count");
			int next = (count != null) ? count + 1 : 1;
			session.setAttribute("count", next);
			return new CountResponse(next);
		}

		// No HttpSession parameter: asking for one would create it.
		@GetMapping("/hello")
		String hello() {
			return "hello\n";
		}

		@PostMapping("/cart")
		Cart add(HttpSession session, @RequestParam String item) {
			Cart cart = cart(session).with(item);
			session.setAttribute("cart", cart);
			return cart;
		}

		@GetMapping("/cart")
		Cart cart(HttpSession session) {
			Cart cart = (Cart) session.getAttribute("cart");
			return (cart != null) ? cart : new Cart(List.of());
		}

	}

	record CountResponse(int count) {

	}

}
