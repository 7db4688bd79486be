<%--
  A counter kept in the HTTP session: each request adds one and the answer names the Tomcat that served it,
  {"node":"<jvmRoute>","count":<n>}. A request that lands on a Tomcat without its session starts again at 1.
--%><%@ page contentType="application/json; charset=UTF-8" session="true" trimDirectiveWhitespaces="true" %><%
	Integer count = (Integer) session.getAttribute("count");
	count = (count == null) ? 1 : count + 1;
	session.setAttribute("count", count);
%>{"node":"<%= System.getProperty("jvmRoute") %>","count":<%= count %>}
