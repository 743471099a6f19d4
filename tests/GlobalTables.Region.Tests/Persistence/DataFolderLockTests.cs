using GlobalTables.Region.Persistence;

namespace GlobalTables.Region.Tests.Persistence;

/// <summary>
/// The data folder lock within one process (flock belongs to the open file, so a second open here is refused as
/// one from another process would be); the separate-process cases are in GlobalTables.Cli.Tests.
/// </summary>
public sealed class DataFolderLockTests : IDisposable
{
    readonly string _root = TestRegion.NewFolder();

    string Folder(string name) => Path.Combine(_root, name);

    // What the holder wrote for a refused start to read; the file name is the lock's, so it is found, not assumed.
    string OwnerFile(string folder) => Directory.GetFiles(folder, "*.pid").Single();

    [Fact]
    public void A_second_lock_on_a_held_folder_is_refused_and_names_the_holder()
    {
        using var held = DataFolderLock.Acquire(Folder("us-east-1"));

        var refused = Assert.Throws<DataFolderInUseException>(() => DataFolderLock.Acquire(Folder("us-east-1")));

        Assert.Equal(Folder("us-east-1"), refused.Folder);
        Assert.Equal(Environment.ProcessId, refused.OwnerProcessId);
        Assert.Equal($"Data folder {Folder("us-east-1")} is in use by process {Environment.ProcessId}.", refused.Message);
    }

    [Fact]
    public void Two_folders_are_held_independently()
    {
        using var us = DataFolderLock.Acquire(Folder("us-east-1"));
        using var eu = DataFolderLock.Acquire(Folder("eu-west-2"));
        Assert.NotEqual(us.Folder, eu.Folder);
    }

    [Fact]
    public void Letting_go_removes_the_PID_and_the_next_holder_takes_the_folder()
    {
        var held = DataFolderLock.Acquire(Folder("us-east-1"));
        held.Dispose();
        Assert.Empty(Directory.GetFiles(Folder("us-east-1"), "*.pid"));
        held.Dispose();

        using var next = DataFolderLock.Acquire(Folder("us-east-1"));
        Assert.Equal(Environment.ProcessId.ToString(), File.ReadAllText(OwnerFile(Folder("us-east-1"))));
    }

    [Fact]
    public void A_PID_left_by_a_killed_holder_is_never_named_as_the_holder_and_the_next_holder_replaces_it()
    {
        string owner;
        using (DataFolderLock.Acquire(Folder("us-east-1")))
        {
            owner = OwnerFile(Folder("us-east-1"));
            // As if a killed holder had left its PID and the new holder had not written its own yet.
            File.WriteAllText(owner, int.MaxValue.ToString());
            var refused = Assert.Throws<DataFolderInUseException>(() => DataFolderLock.Acquire(Folder("us-east-1")));
            Assert.Null(refused.OwnerProcessId);
            Assert.EndsWith("is in use by another process.", refused.Message);
        }

        File.WriteAllText(owner, int.MaxValue.ToString());
        using var next = DataFolderLock.Acquire(Folder("us-east-1"));
        Assert.Equal(Environment.ProcessId.ToString(), File.ReadAllText(owner));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
