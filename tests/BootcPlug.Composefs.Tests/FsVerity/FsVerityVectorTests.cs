using BootcPlug.Composefs.FsVerity;
using BootcPlug.Composefs.Tests.Support;
using BootcPlug.Testing;

namespace BootcPlug.Composefs.Tests.FsVerity;

public sealed class FsVerityVectorTests
{
    public static TheoryData<string, int, string> Sha256Vectors => new()
    {
        { "z", 0, "3d248ca542a24fc62d1c43b916eae5016878e2533c88238480b26128a1f1af95" },
        { "z", 1, "ed1ca3d522e4b885a33e9cfc3803b4aab52c718d99b449eef0caeb3170ff641d" },
        { "z", 4095, "f280bcee6bf2827867a251a580c89ac5c9b3311f250ef04edb6079416bff7f43" },
        { "z", 4096, "dae733f4cb5a63767cb1041a2bd774ca90c91dfd490554e5edab17886d474600" },
        { "z", 4097, "d2619d9db529bfcc1b0179d7f22a3275ef40456580ebd246fb1c0faa70cc1f6c" },
        { "z", 8192, "29aececea262dc8688a002ca9ed29b30fc4ac66882ea4ac1fa7f107d7b4624b9" },
        { "z", 262144, "bdf787e83ed0b89451f849d4dc23747fe59117afef81e6b18cc1011805cdd2d7" },
        { "z", 262145, "db90d7fe2fb0876a440d8bad9483f26ca3a68203e733b0877a7ee91674d19515" },
        { "z", 524288, "fa6dd50c6117479a8e0691104fd19c93263b8fc12c56a7c581d36a1fe2990845" },
        { "z", 524289, "44a3ceba1c1a2896d0002c3b1e15f332291e8ef3c4760f14531061f17d6dc423" },
        { "z", 1048576, "440c7ed9c59331fd66705cab9201eb74a062a3a5b95839d597f0d459f9dce3b3" },
        { "z", 129 * 4096, "561268fe962996c65b23923ed004514c8a8da516be606f2ada355bb770117e2d" },
        { "x", 131072, "f3d968b8581397c93ca6e2d64e9b29f9151e32657f3edf01ce217b7c8b273b5b" },
        { "gAE", 32768, "0cd7c17ec3452e026f128b1f2b4d1a096e14b207314fa4a6f0d379134b54f101" },
        { "gEA", 65536, "73530247f86ae68faab7113979b4742b17eea59fb791ddc4b50b71040cd155e1" },
        { "gAA", 65536, "713e8a8f0bf2943160bcc472305862412e992fde9a01753006bf6f7f0a06448e" },
        { "gEE", 65536, "9bd24041120bf2a9296047e9ba42889fabdd57e58ce629e674cbdbe2cdf9d692" },
    };

    /// <summary>Full sha512 digests where the reference gives them in full, otherwise a prefix of one.</summary>
    public static TheoryData<string, int, string> Sha512Vectors => new()
    {
        { "z", 0, "ccf9e5aea1c2a64efa2f2354a6024b90dffde6bbc017825045dce374474e13d1"
            + "0adb9dadcc6ca8e17a3c075fbd31336e8f266ae6fa93a6c3bed66f9e784e5abf" },
        { "z", 1, "32c74dc7b1ee07c8788ffda7f82293082584ac4a" },
        { "z", 4095, "2ba21ae3a046d96ba9bac529e77178763d837e9a" },
        { "z", 4096, "17060cff50b93c9fd092ec791ae719fe1e158a34" },
        { "z", 4097, "fc1aa4d2aeb1f623ac4c200411eb8529a913f859" },
        { "z", 8192, "dadf9714780138f98e47d171066cdb4dcdd33bba" },
        { "z", 262144, "35bcd8b3de7d2ecccf5fb2cc8ead107edbd53238" },
        { "z", 262145, "ba55b464501c641d2af19858190dc31fd26a5c80" },
        { "z", 524288, "8f0cc42dcde59bbb14d7b0aa07c9d1c9d80610686f44eec56562f8b075f3ea83" },
        { "z", 524289, "14c1f43801057313ebfd3feef70bf60e0a5a0339" },
        { "z", 1048576, "053963c507964d779ce7fec6dbdea83d7cb1baec" },
        { "x", 131072, "18c6776e8d37d2076bd66e7160f2c3cab90ce064dc8cdb1d10954c2c7007fd1e"
            + "83963da6c78fcfb30783c1a37ff36d7255718324e64f414acfd5cefc1ade05a3" },
        { "gAE", 32768, "0b7a8534de4b2737fff51acb9b0db030a6ae152ddd0cb802f7d9cc51e5114830"
            + "af43146b473563104445a6a298612b58b6d3f84065b70911d37fd48426180cd8" },
        { "gEA", 65536, "9ba92173ba81c2d00a4922ba0a22dc68a3e3bda67bc412b5cea4c4e05bce240d"
            + "c17219dd00fcd858dac79b379ae2adb883207693d0daf6c0f0c7c259701fdf9a" },
        { "gAA", 65536, "75d19f1dc8bf6204f07aa4176d8fcce1ef7d1a2a76e793943fa970ae89b05197"
            + "1328b53e2ab17e71231a064cc37929084b41203e949a04048587f21715e89793" },
        { "gEE", 65536, "f48cbf5df53ae955318e367834352b7eb9ca88f26e3041f8591ef20df3c11257"
            + "e92f8ac0f992559c9056ae71c677264737bf52d3498525661bc581ac92b1c046" },
    };

    internal static byte[] Data(string kind, int length) => kind switch
    {
        "z" => TestData.Repeat(0x5A, length),
        "x" => TestData.Repeat((byte)'x', length),
        "gAE" => TestData.Gen(length, 0xAE),
        "gEA" => TestData.Gen(length, 0xEA),
        "gAA" => TestData.Gen(length, 0xAA),
        "gEE" => TestData.Gen(length, 0xEE),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Sha256Vectors))]
    public void Sha256_matches_design_vector(string kind, int length, string expected)
    {
        var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, Data(kind, length));
        Assert.Equal(expected, id.ToHex());
    }

    [Theory]
    [MemberData(nameof(Sha512Vectors))]
    public void Sha512_matches_design_vector(string kind, int length, string expected)
    {
        var id = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, Data(kind, length));
        Assert.StartsWith(expected, id.ToHex());
        Assert.Equal(128, id.ToHex().Length);
    }

    [Theory]
    [InlineData(FsVerityAlgorithm.Sha256, "1e2eaa4202d750a41174ee454970b92c1bc2f925b1e35076d8c7d5f56362ba64")]
    [InlineData(FsVerityAlgorithm.Sha512, "18430270729d162d4e469daca123ae61893db4b0583d8f7081e3bf4f92b88ba5"
        + "14e7982f10733fb6aa895195c5ae8fd2eb2c47a8be05513ce5a0c51a6f570409")]
    public void Hello_world_matches_upstream(FsVerityAlgorithm algorithm, string expected)
    {
        var id = FsVerityDigester.Compute(algorithm, "hello world"u8);
        Assert.Equal(expected, id.ToHex());
    }

    [Theory]
    [InlineData(FsVerityAlgorithm.Sha256, 1)]
    [InlineData(FsVerityAlgorithm.Sha256, 4096)]
    [InlineData(FsVerityAlgorithm.Sha256, 7)]
    [InlineData(FsVerityAlgorithm.Sha512, 4095)]
    [InlineData(FsVerityAlgorithm.Sha512, 65536)]
    [InlineData(FsVerityAlgorithm.Sha512, 1000)]
    public void Digest_does_not_depend_on_how_data_is_split(FsVerityAlgorithm algorithm, int pieceSize)
    {
        var data = TestData.Gen(129 * 4096 + 77, 0x13);
        var whole = FsVerityDigester.Compute(algorithm, data);
        var hasher = new FsVerityHasher(algorithm);
        for (int offset = 0; offset < data.Length; offset += pieceSize)
            hasher.Append(data.AsSpan(offset, Math.Min(pieceSize, data.Length - offset)));
        Assert.Equal(whole.ToHex(), Convert.ToHexStringLower(hasher.GetDigest()));
    }

    [Fact]
    public void File_stream_and_span_agree()
    {
        using var dir = new TempDir();
        var data = TestData.Gen(3 * 1024 * 1024 + 5, 0x42);
        string path = dir.WriteFile("f", data);
        var fromSpan = FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, data);
        Assert.Equal(fromSpan, FsVerityDigester.ComputeFile(FsVerityAlgorithm.Sha512, path));
        using var stream = File.OpenRead(path);
        Assert.Equal(fromSpan, FsVerityDigester.Compute(FsVerityAlgorithm.Sha512, stream));
    }

    [Fact]
    public void Parallel_file_digests_keep_input_order_and_report_unreadable_files()
    {
        using var dir = new TempDir();
        var paths = Enumerable.Range(0, 20).Select(i => dir.WriteFile($"f{i}", TestData.Gen(i * 1000, i))).ToList();
        paths.Insert(5, dir.Combine("missing"));
        var results = FsVerityDigester.ComputeFiles(FsVerityAlgorithm.Sha256, paths);
        Assert.Equal(paths, results.Select(r => r.Path));
        Assert.NotNull(results[5].Error);
        for (int i = 0; i < 20; i++)
        {
            var r = results[i < 5 ? i : i + 1];
            Assert.Null(r.Error);
            Assert.Equal(FsVerityDigester.Compute(FsVerityAlgorithm.Sha256, TestData.Gen(i * 1000, i)), r.Digest);
        }
    }

    [Fact]
    public void Hasher_refuses_reuse()
    {
        var hasher = new FsVerityHasher(FsVerityAlgorithm.Sha256);
        hasher.GetDigest();
        Assert.Throws<InvalidOperationException>(() => hasher.Append([1]));
        Assert.Throws<InvalidOperationException>(() => hasher.GetDigest());
    }
}
