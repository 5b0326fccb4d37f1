global using Xunit;
global using Minato.Testing;
